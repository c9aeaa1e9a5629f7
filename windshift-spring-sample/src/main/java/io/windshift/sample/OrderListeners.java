package io.windshift.sample;

import java.time.Duration;

import com.google.protobuf.Message;
import io.windshift.events.Event;
import io.windshift.events.OutgoingEvent;
import io.windshift.events.Reject;
import io.windshift.events.WindshiftTemplate;
import io.windshift.listener.AckMode;
import io.windshift.listener.WindshiftListener;
import io.windshift.sample.orders.v1.OrderCancelled;
import io.windshift.sample.orders.v1.OrderPlaced;
import io.windshift.sample.orders.v1.OrderShipped;
import io.windshift.sample.orders.v1.PaymentFailed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The listeners of the sample, one per kind Windshift offers. Each log line carries the
 * trace id of the publish that caused it.
 */
@Component
class OrderListeners {

	private static final Logger log = LoggerFactory.getLogger(OrderListeners.class);

	private final WindshiftTemplate windshift;

	private final OrderJournal journal;

	OrderListeners(WindshiftTemplate windshift, OrderJournal journal) {
		this.windshift = windshift;
		this.journal = journal;
	}

	// tag::listener-durable[]
	/**
	 * A durable consumer (declared in {@link OrderStreams}) shared by 4 workers:
	 * returning acks.
	 */
	@WindshiftListener(id = "order-processor", stream = "orders", consumer = "order-processor", concurrency = "4")
	void process(OrderPlaced order) {
		log.info("processing order {} for {} ({} cents)", order.getOrderId(), order.getCustomer(),
				order.getTotalCents());
		this.journal.record("processed", order.getOrderId());
		if (order.getTotalCents() > 100_000) {
			this.windshift.publish("payments.failed",
					PaymentFailed.newBuilder().setOrderId(order.getOrderId()).setReason("limit exceeded").build());
			return;
		}
		// a publish inside a listener continues the trace
		this.windshift.publish(OutgoingEvent
			.builder("orders.shipped",
					OrderShipped.newBuilder().setOrderId(order.getOrderId()).setCarrier("windshift-post").build())
			.idempotencyKey("shipped-" + order.getOrderId())
			.build());
	}
	// end::listener-durable[]

	// tag::listener-manual[]
	/**
	 * Manual ack: the first delivery is put back for 2 seconds (server-side), the second
	 * is acked.
	 */
	@WindshiftListener(id = "payment-retries", stream = "payments", consumer = "payment-retries",
			ackMode = AckMode.MANUAL, processingTimeout = "10s")
	void paymentFailed(Event<PaymentFailed> event) {
		if (event.deliveryAttempt() == 1) {
			log.info("payment for order {} failed ({}); retrying in 2s", event.data().getOrderId(),
					event.data().getReason());
			event.reject(Reject.withRedeliveryDelay(Duration.ofSeconds(2)));
			return;
		}
		log.info("payment for order {} retried on attempt {}", event.data().getOrderId(), event.deliveryAttempt());
		this.journal.record("payment-retried", event.data().getOrderId());
		event.ack();
	}
	// end::listener-manual[]

	// tag::listener-dead-letter[]
	/**
	 * Fails for "lost" orders: after 3 attempts the event goes to the dead-letter
	 * subject.
	 */
	@WindshiftListener(id = "shipping", stream = "orders", consumer = "shipping", subjects = "orders.shipped",
			maxDeliveryAttempts = "3", deadLetterSubject = "dlq.orders")
	void shipped(OrderShipped shipped) {
		if (shipped.getOrderId().startsWith("lost-")) {
			throw new IllegalStateException("no such warehouse parcel: " + shipped.getOrderId());
		}
		log.info("order {} shipped with {}", shipped.getOrderId(), shipped.getCarrier());
		this.journal.record("shipped", shipped.getOrderId());
	}
	// end::listener-dead-letter[]

	// tag::listener-any[]
	/**
	 * An ephemeral consumer reading the orders stream from the start, taking any protobuf
	 * type.
	 */
	@WindshiftListener(id = "audit", stream = "orders", consumeFrom = "start")
	void audit(Event<Message> event) {
		log.info("audit: {} #{} {} on {}", event.stream(), event.id(),
				event.data().getDescriptorForType().getFullName(), event.subject());
		this.journal.record("audited", event.subject());
	}
	// end::listener-any[]

	/**
	 * Cancellations, published by {@link OrderCancellations} after their transaction
	 * committed.
	 */
	@WindshiftListener(id = "cancellations", stream = "orders", consumer = "cancellations",
			subjects = "orders.cancelled")
	void cancelled(OrderCancelled cancelled) {
		log.info("order {} cancelled: {}", cancelled.getOrderId(), cancelled.getReason());
		this.journal.record("cancelled", cancelled.getOrderId() + ":" + cancelled.getReason());
	}

	/**
	 * Dead letters arrive with their original payload and headers, plus why they died.
	 */
	@WindshiftListener(id = "dead-letters", stream = "dead-letters", consumer = "dead-letter-log")
	void deadLetter(Event<Message> event) {
		log.warn("dead letter from {} #{}: {}", event.headers().getFirst("WS-DLQ-Stream"),
				event.headers().getFirst("WS-DLQ-Id"), event.headers().getFirst("WS-DLQ-Reason"));
		this.journal.record("dead-lettered", event.subject());
	}

}
