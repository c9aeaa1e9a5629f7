package io.windshift.listener;

import java.time.Duration;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.nats.client.Message;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.windshift.events.internal.AckReplies;
import io.windshift.events.internal.TimerThreads;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Pings events while their listener method runs or while they wait in a container's
 * buffer, so that they are not redelivered to someone else. One shared scheduler thread
 * serves every container: it wakes up when the earliest tracked event is due, pings every
 * due one (fire-and-forget publishes, so it never blocks) and sleeps until the next is
 * due. Tracking an event costs a queue insertion, not a scheduled task, and stopping it
 * only marks it (the scheduler thread drops stopped ones at least every
 * {@link #SWEEP_MILLIS} ms), so both stay cheap at a hundred thousand events per second.
 * Pinging an event stops the moment it is settled: {@link Tracking#stop()} and a ping are
 * mutually exclusive, so no ping can follow the settle call on the wire.
 */
class AutoPinger implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(AutoPinger.class);

	private static final long MIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private static final long NONE = Long.MAX_VALUE;

	/** How often at most stopped trackings wait to be dropped, in milliseconds. */
	static final long SWEEP_MILLIS = 100;

	private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(SWEEP_MILLIS);

	private final ThreadPoolTaskScheduler timer = TimerThreads.single("windshift-listener-pinger");

	/** The timer's executor, called directly: tracking an event adds no hand-off. */
	private final ScheduledExecutorService scheduler = this.timer.getScheduledExecutor();

	private final Queue<Tracking> tracked = new ConcurrentLinkedQueue<>();

	private final Object tickMonitor = new Object();

	/**
	 * When the next tick is scheduled ({@link System#nanoTime()}), {@link #NONE} if none
	 * is.
	 */
	private volatile long nextTick = NONE;

	private @Nullable ScheduledFuture<?> tick;

	/**
	 * Starts pinging the message every {@code interval} until the returned tracking is
	 * stopped.
	 */
	public Tracking track(Message message, Duration interval) {
		long intervalNanos = Math.max(MIN_INTERVAL_NANOS, interval.toNanos());
		long now = System.nanoTime();
		Tracking tracking = new Tracking(message, intervalNanos, now + intervalNanos);
		this.tracked.add(tracking);
		tickBy(Math.min(tracking.due, now + SWEEP_NANOS));
		return tracking;
	}

	/** How many events are being pinged. */
	public int trackedCount() {
		int count = 0;
		for (Tracking tracking : this.tracked) {
			if (!tracking.isStopped()) {
				count++;
			}
		}
		return count;
	}

	/** Makes sure a tick runs no later than {@code due}. */
	private void tickBy(long due) {
		if (this.nextTick <= due) {
			// the common case: a tick is already due before this one
			return;
		}
		synchronized (this.tickMonitor) {
			if (this.nextTick <= due || this.scheduler.isShutdown()) {
				return;
			}
			ScheduledFuture<?> scheduled = this.tick;
			if (scheduled != null) {
				scheduled.cancel(false);
			}
			this.nextTick = due;
			this.tick = this.scheduler.schedule(this::tick, Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
	}

	private void tick() {
		synchronized (this.tickMonitor) {
			// from here on, events tracked meanwhile schedule their own tick
			this.nextTick = NONE;
			this.tick = null;
		}
		long now = System.nanoTime();
		long earliest = NONE;
		for (Iterator<Tracking> it = this.tracked.iterator(); it.hasNext();) {
			long due = it.next().pingIfDue(now);
			if (due == NONE) {
				it.remove();
			}
			else {
				earliest = Math.min(earliest, due);
			}
		}
		if (earliest != NONE) {
			tickBy(Math.min(earliest, now + SWEEP_NANOS));
		}
	}

	@Override
	public void close() {
		this.timer.shutdown();
		this.tracked.clear();
	}

	/** The pinging of one event. */
	public static final class Tracking {

		/**
		 * The event while it is pinged; dropped when stopped, so that a stopped tracking
		 * holds nothing.
		 */
		private @Nullable Message message;

		private final long intervalNanos;

		private long due;

		private boolean stopped;

		Tracking(Message message, long intervalNanos, long due) {
			this.message = message;
			this.intervalNanos = intervalNanos;
			this.due = due;
		}

		/**
		 * Pings if due; returns when the next ping is due, or {@link #NONE} once stopped.
		 */
		private synchronized long pingIfDue(long now) {
			if (this.stopped) {
				return NONE;
			}
			if (now - this.due >= 0) {
				try {
					Message pinged = this.message;
					if (pinged != null) {
						AckReplies.ping(pinged);
					}
				}
				catch (RuntimeException ex) {
					logger.debug("Could not ping event: " + ex.getMessage());
				}
				this.due = now + this.intervalNanos;
			}
			return this.due;
		}

		/** Stops pinging; once this returns, no further ping is sent. */
		public synchronized void stop() {
			this.stopped = true;
			this.message = null;
		}

		synchronized boolean isStopped() {
			return this.stopped;
		}

	}

}
