package io.windshift.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Publishes a few demo orders at startup so that running the sample shows the whole flow.
 */
@Component
@ConditionalOnProperty(name = "sample.demo-orders", havingValue = "true", matchIfMissing = true)
class DemoOrders implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoOrders.class);

	private final OrderService orders;

	DemoOrders(OrderService orders) {
		this.orders = orders;
	}

	@Override
	public void run(ApplicationArguments args) {
		log.info("publishing demo orders");
		this.orders.place(new PlaceOrderRequest("1001", "ada", "book", 2, 1999));
		this.orders.place(new PlaceOrderRequest("1001", "ada", "book", 2, 1999)); // a
																					// retry:
																					// stored
																					// once
		this.orders.place(new PlaceOrderRequest("1002", "grace", "piano", 1, 250_000)); // payment
																						// fails
		this.orders.place(new PlaceOrderRequest("lost-1003", "alan", "parcel", 1, 500)); // dead-lettered
	}

}
