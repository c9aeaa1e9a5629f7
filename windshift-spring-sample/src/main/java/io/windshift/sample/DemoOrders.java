package io.windshift.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Publishes a few demo orders at startup so that running the sample shows the whole flow.
 */
@Component
@ConditionalOnProperty(name = "sample.demo-orders", havingValue = "true", matchIfMissing = true)
class DemoOrders implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoOrders.class);

	private final OrderService orders;

	private final OrderCancellations cancellations;

	DemoOrders(OrderService orders, OrderCancellations cancellations) {
		this.orders = orders;
		this.cancellations = cancellations;
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
		this.cancellations.cancel("1002", "payment failed"); // published after the commit
		try {
			this.cancellations.cancel("1002", "changed my mind");
		}
		catch (DuplicateKeyException ex) {
			log.info("second cancellation of order 1002 rolled back: nothing published");
		}
	}

}
