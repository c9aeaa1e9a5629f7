package io.windshift.listener;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import io.nats.client.ConsumerContext;
import io.nats.client.api.ClusterInfo;
import io.nats.client.api.ConsumerInfo;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.windshift.events.internal.DeliveryMetadata;

/**
 * Holds an ordered container's events back when it is newly pinned, or when a delivery
 * meant for it was lost on the way, until no other instance holds events of the consumer
 * any more and the lost deliveries came back. The instance pinned before may still hold
 * earlier events of some keys: if it stopped, died or was cut off, they come back here
 * one by one as their processing timeouts run out (it pinged them at different moments),
 * after later events of the same keys may already have arrived; if it still runs (the
 * server moved the pin when its consumer leader changed), it finishes them. Until then
 * every arriving event waits in the {@link KeyedScheduler} (pinged, in stream order per
 * key), and the container may fetch up to its maximum so that the redeliveries reach it.
 * <p>
 * A delivery lost on the way (sent by a consumer leader that died, or to a connection
 * that broke, before it reached the client) shows as a gap in the consumer sequences of
 * the deliveries that do arrive: the server counts the lost one as delivered and sends it
 * again only when its processing timeout runs out, after later events of its key may have
 * arrived and been handled. So a gap holds every event back too, until as many
 * redeliveries as deliveries were missed have arrived and the server counts no event
 * unacknowledged that this container does not hold.
 * <p>
 * The hold ends when the server counts no more unacknowledged events than this container
 * held just before it asked (events arriving meanwhile only make the server's count
 * larger), or at the latest after {@code maxWait} (two processing timeouts and a ping
 * interval: by then the events of an instance that is gone are due for redelivery); the
 * time the server cannot be asked does not count, up to three times {@code maxWait}. A
 * consumer leader that changes while the hold lasts times the pending deliveries anew
 * (their redeliveries come a processing timeout after it took over), so the hold may then
 * last {@code maxWait} from the change. Runs its checks on the supervisor thread.
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

	/**
	 * The consumer's leader at the last check (supervisor thread only), {@code null} if
	 * unknown.
	 */
	private @Nullable String leader;

	/** The deliveries lost on the way (fetcher thread only). */
	private final DeliveryGaps gaps = new DeliveryGaps();

	private volatile boolean active;

	/**
	 * Redeliveries still owed after gaps: the hold does not end on the server's count
	 * before they arrived.
	 */
	private final AtomicInteger owed = new AtomicInteger();

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
	 * An event arrived: holds every event back if it brought a new pin, or if deliveries
	 * before it were lost on the way. Called on the fetcher thread before the event is
	 * buffered.
	 * @param replyTo the delivery's reply subject (its consumer sequence and attempt are
	 * read from it; anything else counts as an unknown sequence)
	 * @param newPin whether the event brought a pin the container did not have before
	 */
	void arrived(@Nullable String replyTo, boolean newPin) {
		long consumerSequence = consumerSequence(replyTo);
		if (this.owed.get() > 0 && consumerSequence > 0 && DeliveryMetadata.deliveredCount(replyTo) > 1) {
			payOff();
		}
		if (newPin) {
			// deliveries before went to the instance pinned before
			this.gaps.restart(consumerSequence);
			pinned();
			return;
		}
		long missed = this.gaps.arrived(consumerSequence);
		if (missed < 0) {
			// late, not lost
			payOff();
		}
		else if (missed > 0) {
			this.owed.addAndGet((int) Math.min(Integer.MAX_VALUE / 2, missed));
			logger.info("Listener '" + this.listenerId + "' missed deliveries " + (consumerSequence - missed) + ".."
					+ (consumerSequence - 1) + " of " + this.binding.describe()
					+ " (lost on the way, as when a server restarts): holds its events until the server sends them again");
			pinned();
		}
	}

	/**
	 * The delivery's sequence in the consumer, 0 if the reply subject is not a
	 * delivery's.
	 */
	private static long consumerSequence(@Nullable String replyTo) {
		try {
			return DeliveryMetadata.consumerSequence(replyTo);
		}
		catch (IllegalArgumentException ex) {
			return 0;
		}
	}

	/** A redelivery (or a late delivery) arrived: one fewer owed. */
	private void payOff() {
		this.owed.getAndUpdate((owing) -> Math.max(0, owing - 1));
	}

	/**
	 * Holds every event back until no other instance holds any and no lost delivery is
	 * owed to this one.
	 */
	void pinned() {
		int current;
		synchronized (this) {
			current = ++this.round;
			this.active = true;
			this.keys.hold();
		}
		long now = System.nanoTime();
		long maxWait = this.maxWait.get().toNanos();
		schedule(() -> check(current, now + maxWait, now + 3 * maxWait), 0);
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

	/**
	 * @param deadline when the hold ends at the latest while the server can be asked
	 * @param cap when it ends at the latest in any case
	 */
	private void check(int current, long deadlineBefore, long capBefore) {
		long deadline = deadlineBefore;
		long cap = capBefore;
		synchronized (this) {
			if (current != this.round) {
				return;
			}
		}
		// what the container holds before the server counts: an event arriving in
		// between is counted by the server only
		int mine = this.held.getAsInt();
		ConsumerInfo info = consumerInfo();
		long unacknowledged = (info != null) ? info.getNumAckPending() : -1;
		if (unacknowledged >= 0 && unacknowledged <= mine && this.owed.get() == 0) {
			end(current, "no other instance holds events of it and none is on its way");
			return;
		}
		long now = System.nanoTime();
		if (leaderChanged(info)) {
			// a new consumer leader times the pending deliveries anew: their redeliveries
			// come a processing timeout after it took over, not after they were sent
			long extended = now + this.maxWait.get().toNanos();
			deadline = Math.max(deadline, extended);
			cap = Math.max(cap, extended);
		}
		long next = (unacknowledged < 0) ? Math.min(cap, deadline + CHECK_INTERVAL.toNanos()) : deadline;
		if (now - next >= 0) {
			logger.warn("Listener '" + this.listenerId + "' held its events of " + this.binding.describe()
					+ " and goes on although "
					+ ((unacknowledged >= 0) ? Math.max(unacknowledged - mine, this.owed.get()) + " event(s)"
							: "an unknown number of events")
					+ " may still be held elsewhere (an instance still handling them) or on their way; their keys may overlap");
			end(current, null);
			return;
		}
		long until = cap;
		schedule(() -> check(current, next, until), CHECK_INTERVAL.toMillis());
	}

	/**
	 * The consumer as the server sees it (its unacknowledged events, its leader);
	 * {@code null} if unknown.
	 */
	private @Nullable ConsumerInfo consumerInfo() {
		ConsumerContext context = this.binding.context();
		if (context == null) {
			return null;
		}
		try {
			return context.getConsumerInfo();
		}
		catch (Exception ex) {
			return null;
		}
	}

	/**
	 * Whether the consumer's leader is another than at the last check that knew it (the
	 * first check of the container only learns it).
	 */
	private boolean leaderChanged(@Nullable ConsumerInfo info) {
		ClusterInfo cluster = (info != null) ? info.getClusterInfo() : null;
		String now = (cluster != null) ? cluster.getLeader() : null;
		if (now == null) {
			return false;
		}
		String before = this.leader;
		this.leader = now;
		return before != null && !before.equals(now);
	}

	private void end(int current, @Nullable String reason) {
		synchronized (this) {
			if (current != this.round || !this.active) {
				return;
			}
			this.round++;
			this.active = false;
			this.owed.set(0);
		}
		if (reason != null && logger.isDebugEnabled()) {
			logger.debug("Listener '" + this.listenerId + "' held its events of " + this.binding.describe()
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
