package io.windshift.listener;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import io.nats.client.ConsumerContext;
import io.nats.client.api.ConsumerInfo;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Holds an ordered container's events back when it is newly pinned, until no other
 * instance holds events of the consumer any more. The instance pinned before may still
 * hold earlier events of some keys: if it stopped, died or was cut off, they come back
 * here one by one as their processing timeouts run out (it pinged them at different
 * moments), after later events of the same keys may already have arrived; if it still
 * runs (the server moved the pin when its consumer leader changed), it finishes them.
 * Until then every arriving event waits in the {@link KeyedScheduler} (pinged, in stream
 * order per key), and the container may fetch up to its maximum so that the redeliveries
 * reach it.
 * <p>
 * The hold ends when the server counts no more unacknowledged events than this container
 * holds, or at the latest after {@code maxWait} (the processing timeout and a ping
 * interval: by then the events of an instance that is gone are due for redelivery). Runs
 * its checks on the supervisor thread.
 */
final class TakeoverHold {

	private static final Log logger = LogFactory.getLog(WindshiftListenerContainer.class);

	/** How often the consumer is checked while the hold lasts. */
	static final Duration CHECK_INTERVAL = Duration.ofMillis(100);

	private final String listenerId;

	private final ConsumerBinding binding;

	private final IntSupplier held;

	private final KeyedScheduler keys;

	private final ScheduledExecutorService supervisor;

	private final Supplier<Duration> maxWait;

	/** Bumped by each hold and each end: a check of an earlier one does nothing. */
	private int round;

	private volatile boolean active;

	/**
	 * @param held how many events the container holds
	 * @param maxWait the longest a hold lasts
	 */
	TakeoverHold(String listenerId, ConsumerBinding binding, IntSupplier held, KeyedScheduler keys,
			ScheduledExecutorService supervisor, Supplier<Duration> maxWait) {
		this.listenerId = listenerId;
		this.binding = binding;
		this.held = held;
		this.keys = keys;
		this.supervisor = supervisor;
		this.maxWait = maxWait;
	}

	/** Whether events are held back now. */
	boolean isActive() {
		return this.active;
	}

	/**
	 * The container was pinned anew: holds every event back until no other instance holds
	 * any. Called on the fetcher thread before the event that brought the pin is
	 * buffered.
	 */
	void pinned() {
		int current;
		synchronized (this) {
			current = ++this.round;
			this.active = true;
			this.keys.hold();
		}
		long deadline = System.nanoTime() + this.maxWait.get().toNanos();
		schedule(() -> check(current, deadline), 0);
	}

	/**
	 * Forgets the hold (the container stopped: the scheduler releases what it holds to
	 * the server).
	 */
	void cancel() {
		synchronized (this) {
			this.round++;
			this.active = false;
		}
	}

	private void check(int current, long deadline) {
		synchronized (this) {
			if (current != this.round) {
				return;
			}
		}
		long unacknowledged = unacknowledged();
		int mine = this.held.getAsInt();
		if (unacknowledged >= 0 && unacknowledged <= mine) {
			end(current, "no other instance holds events of it");
			return;
		}
		if (System.nanoTime() - deadline >= 0) {
			logger.warn("Listener '" + this.listenerId + "' was pinned to " + this.binding.describe()
					+ " and goes on after " + this.maxWait.get() + " although "
					+ ((unacknowledged >= 0) ? (unacknowledged - mine) + " event(s)" : "an unknown number of events")
					+ " may still be held elsewhere (an instance still handling them); their keys may overlap");
			end(current, null);
			return;
		}
		schedule(() -> check(current, deadline), CHECK_INTERVAL.toMillis());
	}

	/** The consumer's unacknowledged events as the server counts them; -1 if unknown. */
	private long unacknowledged() {
		ConsumerContext context = this.binding.context();
		if (context == null) {
			return -1;
		}
		try {
			ConsumerInfo info = context.getConsumerInfo();
			return info.getNumAckPending();
		}
		catch (Exception ex) {
			return -1;
		}
	}

	private void end(int current, @Nullable String reason) {
		synchronized (this) {
			if (current != this.round || !this.active) {
				return;
			}
			this.round++;
			this.active = false;
		}
		if (reason != null && logger.isDebugEnabled()) {
			logger.debug("Listener '" + this.listenerId + "' was pinned to " + this.binding.describe()
					+ " and goes on: " + reason);
		}
		this.keys.release();
	}

	private void schedule(Runnable check, long millis) {
		try {
			this.supervisor.schedule(check, millis, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// shutting down: the container stops and releases what it holds
			cancel();
		}
	}

}
