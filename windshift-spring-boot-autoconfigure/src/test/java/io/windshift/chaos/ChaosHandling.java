package io.windshift.chaos;

import java.time.Duration;

import io.windshift.delays.Delays;
import io.windshift.events.CallOptions;
import io.windshift.events.Event;
import io.windshift.events.Reject;
import io.windshift.test.proto.OrderCreated;

/**
 * What every chaos listener does with an event, and records: {@code handle start}, a little work, then
 * either a simulated failure ({@code handle error}, rejected with a short delay: one first delivery in 50)
 * or {@code handle ok} followed by a confirmed ack ({@code settle ack} or {@code settle ack-failed}).
 */
public final class ChaosHandling {

	private final History history;

	public ChaosHandling(History history) {
		this.history = history;
	}

	/** Records that this listener listens (once per start of the application). */
	public void listening(String listener, String consumer, String subjects, boolean ordered, Duration timeout) {
		this.history.record("listen", "listener", listener, "consumer", consumer, "subjects", subjects, "ordered",
				ordered, "timeout", timeout.toMillis());
	}

	/** Handles one event of a listener that settles each event itself; {@code order} is its ordering key. */
	public void handle(String listener, Event<OrderCreated> event, String order) {
		String key = event.data().getOrderId();
		long attempt = event.deliveryAttempt();
		record(listener, "start", event, key, order);
		work(Math.floorMod(key.hashCode(), 3));
		if (attempt == 1 && Math.floorMod(key.hashCode(), 50) == 7) {
			record(listener, "error", event, key, order);
			event.reject(Reject.withRedeliveryDelay(Duration.ofMillis(200)));
			this.history.record("settle", "listener", listener, "seq", event.id(), "outcome", "nak");
			return;
		}
		record(listener, "ok", event, key, order);
		try {
			event.ack(CallOptions.withBackoff(
					Delays.stopAfterMaxTime(Delays.exponential(Duration.ofMillis(10), 2), Duration.ofSeconds(5))));
			this.history.record("settle", "listener", listener, "seq", event.id(), "outcome", "ack");
		}
		catch (RuntimeException ex) {
			this.history.record("settle", "listener", listener, "seq", event.id(), "outcome", "ack-failed", "error",
					ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
	}

	private void record(String listener, String phase, Event<OrderCreated> event, String key, String order) {
		this.history.record("handle", "listener", listener, "phase", phase, "key", key, "subject", event.subject(),
				"seq", event.id(), "attempt", event.deliveryAttempt(), "order", order);
	}

	/** The ordering key of a chaos subject {@code chaos.<publisher>.<key>}: its third token. */
	public static String orderKey(String subject) {
		return subject.substring(subject.lastIndexOf('.') + 1);
	}

	/** Simulated work of the handler (not a synchronisation). */
	private static void work(long millis) {
		if (millis > 0) {
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
