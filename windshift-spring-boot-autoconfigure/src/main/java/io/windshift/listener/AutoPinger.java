package io.windshift.listener;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.nats.client.Message;
import io.nats.client.impl.AckType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Pings events while their listener method runs or while they wait in a container's buffer, so that they are
 * not redelivered to someone else. One shared scheduler thread serves every container: it wakes up when the
 * earliest tracked event is due, pings every due one (fire-and-forget publishes, so it never blocks) and
 * sleeps until the next is due. Tracking an event costs a set insertion, not a scheduled task, so it stays
 * cheap at tens of thousands of events per second. Pinging an event stops the moment it is settled:
 * {@link Tracking#stop()} and a ping are mutually exclusive, so no ping can follow the settle call on the wire.
 */
public class AutoPinger implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(AutoPinger.class);

	private static final long MIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private static final long NONE = Long.MAX_VALUE;

	private final ScheduledThreadPoolExecutor scheduler;

	private final Set<Tracking> tracked = ConcurrentHashMap.newKeySet();

	private final Object tickMonitor = new Object();

	/** When the next tick is scheduled ({@link System#nanoTime()}), {@link #NONE} if none is. */
	private volatile long nextTick = NONE;

	private @Nullable ScheduledFuture<?> tick;

	public AutoPinger() {
		this.scheduler = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "windshift-listener-pinger");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler.setRemoveOnCancelPolicy(true);
	}

	/** Starts pinging the message every {@code interval} until the returned tracking is stopped. */
	public Tracking track(Message message, Duration interval) {
		long intervalNanos = Math.max(MIN_INTERVAL_NANOS, interval.toNanos());
		Tracking tracking = new Tracking(this, message, intervalNanos, System.nanoTime() + intervalNanos);
		this.tracked.add(tracking);
		tickBy(tracking.due);
		return tracking;
	}

	/** How many events are being pinged. */
	public int trackedCount() {
		return this.tracked.size();
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
			this.tick = this.scheduler.schedule(this::tick, Math.max(0, due - System.nanoTime()),
					TimeUnit.NANOSECONDS);
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
		for (Tracking tracking : this.tracked) {
			earliest = Math.min(earliest, tracking.pingIfDue(now));
		}
		if (earliest != NONE) {
			tickBy(earliest);
		}
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
		this.tracked.clear();
	}

	/** The pinging of one event. */
	public static final class Tracking {

		private final AutoPinger pinger;

		private final Message message;

		private final long intervalNanos;

		private long due;

		private boolean stopped;

		Tracking(AutoPinger pinger, Message message, long intervalNanos, long due) {
			this.pinger = pinger;
			this.message = message;
			this.intervalNanos = intervalNanos;
			this.due = due;
		}

		/** Pings if due; returns when the next ping is due, or {@link #NONE} once stopped. */
		private synchronized long pingIfDue(long now) {
			if (this.stopped) {
				return NONE;
			}
			if (now - this.due >= 0) {
				try {
					this.message.getConnection().publish(this.message.getReplyTo(), AckType.AckProgress.bytes);
				}
				catch (RuntimeException ex) {
					logger.debug("Could not ping event: " + ex.getMessage());
				}
				this.due = now + this.intervalNanos;
			}
			return this.due;
		}

		/** Stops pinging; once this returns, no further ping is sent. */
		public void stop() {
			synchronized (this) {
				this.stopped = true;
			}
			this.pinger.tracked.remove(this);
		}

	}

}
