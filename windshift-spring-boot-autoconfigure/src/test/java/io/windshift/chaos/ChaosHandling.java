package io.windshift.chaos;

import java.time.Duration;
import java.util.List;

import io.windshift.delays.Delays;
import io.windshift.events.CallOptions;
import io.windshift.events.Event;
import io.windshift.events.Reject;
import io.windshift.test.proto.OrderCreated;

/**
 * What every chaos listener does with an event, and records: {@code handle start}, a
 * little work, then either a simulated failure ({@code handle error}, rejected with a
 * short delay: one first delivery in 50) or {@code handle ok} followed by a confirmed ack
 * ({@code settle ack} or {@code settle ack-failed}). The same instance records for every
 * listener kind, batch listeners included ({@link #handleBatch}).
 */
public final class ChaosHandling {

	private final History history;

	private final boolean sabotage;

	/**
	 * With {@code sabotage} on, the handler acknowledges one event in 500 without
	 * handling it: a run must then fail with lost events (the negative control of the
	 * whole chain: workload, history, checker, exit code).
	 */
	public ChaosHandling(History history, boolean sabotage) {
		this.history = history;
		this.sabotage = sabotage;
	}

	/** Records that this listener listens (once per start of the application). */
	public void listening(String listener, String consumer, String subjects, boolean ordered, Duration timeout) {
		this.history.record("listen", "listener", listener, "consumer", consumer, "subjects", subjects, "ordered",
				ordered, "timeout", timeout.toMillis());
	}

	/**
	 * Handles one event of a listener that settles each event itself; {@code order} is
	 * its ordering key.
	 */
	public void handle(String listener, Event<OrderCreated> event, String order) {
		String key = event.data().getOrderId();
		long attempt = event.deliveryAttempt();
		record(listener, "start", event, key, order);
		if (this.sabotage && Math.floorMod(key.hashCode(), 500) == 3) {
			event.ack();
			return;
		}
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

	/**
	 * Handles one event of an ordered listener, which the container acknowledges on
	 * return: a simulated failure is thrown (the container retries it in place, holding
	 * its key) instead of rejected.
	 */
	public void handleThrowing(String listener, Event<OrderCreated> event, String order) {
		String key = event.data().getOrderId();
		record(listener, "start", event, key, order);
		if (this.sabotage && Math.floorMod(key.hashCode(), 500) == 3) {
			return;
		}
		work(Math.floorMod(key.hashCode(), 3));
		if (event.deliveryAttempt() == 1 && Math.floorMod(key.hashCode(), 50) == 7) {
			record(listener, "error", event, key, order);
			this.history.record("settle", "listener", listener, "seq", event.id(), "outcome", "retry");
			throw new IllegalStateException("simulated failure of " + key);
		}
		record(listener, "ok", event, key, order);
		this.history.record("settle", "listener", listener, "seq", event.id(), "outcome", "ack-on-return");
	}

	/**
	 * Handles a batch of a batch listener ({@code List<Event<OrderCreated>>}, settling
	 * each event itself): every event is recorded and settled as by {@link #handle}, in
	 * the order of the batch.
	 */
	public void handleBatch(String listener, List<Event<OrderCreated>> batch) {
		for (Event<OrderCreated> event : batch) {
			handle(listener, event, orderKey(event.subject()));
		}
	}

	private void record(String listener, String phase, Event<OrderCreated> event, String key, String order) {
		this.history.record("handle", "listener", listener, "phase", phase, "key", key, "subject", event.subject(),
				"seq", event.id(), "attempt", event.deliveryAttempt(), "order", order);
	}

	/**
	 * The ordering key of a chaos subject {@code chaos.<publisher>.<key>}: its third
	 * token.
	 */
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
