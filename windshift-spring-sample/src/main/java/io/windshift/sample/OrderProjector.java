package io.windshift.sample;

import com.google.protobuf.Message;
import io.windshift.events.Event;
import io.windshift.listener.WindshiftHandler;
import io.windshift.listener.WindshiftListener;
import io.windshift.sample.orders.v1.OrderPlaced;
import io.windshift.sample.orders.v1.OrderShipped;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The orders stream read as an event log: one consumer, a handler per event type, and the
 * events of each order handled one at a time and in stream order, with 4 workers for the
 * orders together (the {@code orderId} key is declared in {@link OrderStreams}).
 */
// tag::listener-class[]
@Component
@WindshiftListener(id = "order-projector", stream = "orders", consumer = "order-projector", consumeFrom = "start",
		concurrency = "4", orderBy = "orderId")
class OrderProjector {

	private static final Logger log = LoggerFactory.getLogger(OrderProjector.class);

	private final OrderJournal journal;

	OrderProjector(OrderJournal journal) {
		this.journal = journal;
	}

	@WindshiftHandler
	void placed(OrderPlaced placed) {
		log.info("projected order {} placed", placed.getOrderId());
		this.journal.record("projected-placed", placed.getOrderId());
	}

	@WindshiftHandler
	void shipped(Event<OrderShipped> shipped) {
		log.info("projected order {} shipped", shipped.data().getOrderId());
		this.journal.record("projected-shipped", shipped.data().getOrderId());
	}

	/** Any other type of the stream (without it, such events would be dead-lettered). */
	@WindshiftHandler(isDefault = true)
	void other(Event<Message> event) {
		log.info("projector skips {} #{}", event.data().getDescriptorForType().getFullName(), event.id());
	}

}
// end::listener-class[]
