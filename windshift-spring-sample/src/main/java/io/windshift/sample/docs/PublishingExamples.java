package io.windshift.sample.docs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.windshift.delays.Delays;
import io.windshift.events.AtomicBatchException;
import io.windshift.events.CallOptions;
import io.windshift.events.OutgoingEvent;
import io.windshift.events.PublishTimeoutException;
import io.windshift.events.PublishedEvent;
import io.windshift.events.UnboundSubjectException;
import io.windshift.events.WindshiftTemplate;
import io.windshift.events.WrongSequenceException;
import io.windshift.sample.orders.v1.OrderPlaced;
import io.windshift.sample.orders.v1.OrderShipped;

/** Publishing as the documentation shows it. */
class PublishingExamples {

	private final WindshiftTemplate windshift;

	PublishingExamples(WindshiftTemplate windshift) {
		this.windshift = windshift;
	}

	PublishedEvent simple(OrderPlaced order) {
		// tag::simple[]
		PublishedEvent published = windshift.publish("orders.placed", order); // returns
																				// once
																				// stored
		long id = published.id(); // the stream sequence
		// end::simple[]
		return published;
	}

	void full(OrderPlaced order, Instant placedAt, long lastSeenId) {
		// tag::full[]
		try {
			windshift.publish(OutgoingEvent.builder("orders.placed", order)
				.occurredAt(placedAt) // WS-Published-Time; default: now
				.idempotencyKey("order-" + order.getOrderId()) // Nats-Msg-Id: stored once
																// per dedup window
				.expectedLastId(lastSeenId) // optimistic concurrency on the whole stream
				.header("tenant", "acme")
				.build());
		}
		catch (WrongSequenceException ex) {
			// someone else published first: re-read and decide
		}
		catch (UnboundSubjectException ex) {
			// no stream takes "orders.placed"
		}
		// end::full[]
	}

	void retried(OrderShipped shipped) {
		// tag::retry[]
		windshift.publish(
				OutgoingEvent.builder("orders.shipped", shipped)
					.idempotencyKey("shipped-" + shipped.getOrderId()) // makes retrying
																		// after a lost
																		// answer safe
					.build(),
				CallOptions.withBackoff(
						Delays.stopAfterMaxTime(Delays.exponential(Duration.ofMillis(50), 2), Duration.ofSeconds(10))));
		// end::retry[]
	}

	void async(OrderPlaced order) {
		// tag::async[]
		CompletableFuture<PublishedEvent> future = windshift.publishAsync(OutgoingEvent.of("orders.placed", order));
		future.whenComplete((published, failure) -> {
			if (failure instanceof PublishTimeoutException timeout && timeout.isRetryable()) {
				// the outcome is unknown: retry with the same idempotency key, or check
				// the stream
			}
		});
		// end::async[]
	}

	void delayed(OrderPlaced order) {
		// tag::delayed[]
		windshift.publish(OutgoingEvent.builder("orders.reminder", order)
			.idempotencyKey("reminder-" + order.getOrderId())
			.deliverAfter(Duration.ofMinutes(30)) // or .deliverAt(instant)
			.build()); // returns once the server holds it; listeners of orders.reminder
						// get it in 30 minutes
		// end::delayed[]
	}

	void ttl(OrderPlaced order) {
		// tag::ttl[]
		windshift.publish(OutgoingEvent.builder("orders.placed", order)
			.ttl(Duration.ofHours(1)) // the server removes it an hour after storing it
			.build());
		// end::ttl[]
	}

	List<PublishedEvent> atomic(OrderPlaced order, OrderShipped shipped) {
		// tag::atomic[]
		try {
			List<PublishedEvent> ids = windshift.publishAtomically(
					List.of(OutgoingEvent.of("orders.placed", order), OutgoingEvent.of("orders.shipped", shipped))); // both
																														// stored,
																														// with
																														// consecutive
																														// ids,
																														// or
																														// none
			return ids;
		}
		catch (AtomicBatchException ex) {
			List<Integer> culprits = ex.failedIndexes(); // which event(s) broke it;
															// nothing was stored
			throw ex;
		}
		// end::atomic[]
	}

	void afterCommit(OrderPlaced order) {
		// tag::after-commit[]
		// inside a @Transactional method: sent once the transaction commits, never if it
		// rolls back
		windshift.publishAfterCommit(
				OutgoingEvent.builder("orders.placed", order).idempotencyKey("order-" + order.getOrderId()).build());
		// end::after-commit[]
	}

}
