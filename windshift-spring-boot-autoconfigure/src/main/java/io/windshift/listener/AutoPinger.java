package io.windshift.listener;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.nats.client.Message;
import io.nats.client.impl.AckType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Pings events while their listener method runs, so that a slow method is not redelivered to someone
 * else. One shared scheduler thread serves every container; pings are fire-and-forget publishes, so it
 * never blocks. Pinging an event stops the moment it is settled: {@link Tracking#stop()} and a ping are
 * mutually exclusive, so no ping can follow the settle call on the wire.
 */
public class AutoPinger implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(AutoPinger.class);

	private final ScheduledThreadPoolExecutor scheduler;

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
		Tracking tracking = new Tracking(message);
		long millis = Math.max(10, interval.toMillis());
		tracking.future = this.scheduler.scheduleAtFixedRate(tracking::ping, millis, millis, TimeUnit.MILLISECONDS);
		return tracking;
	}

	/** How many events are being pinged. */
	public int trackedCount() {
		return this.scheduler.getQueue().size();
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

	/** The pinging of one event. */
	public static final class Tracking {

		private final Message message;

		private volatile @Nullable ScheduledFuture<?> future;

		private boolean stopped;

		Tracking(Message message) {
			this.message = message;
		}

		private synchronized void ping() {
			if (this.stopped) {
				cancel();
				return;
			}
			try {
				this.message.getConnection().publish(this.message.getReplyTo(), AckType.AckProgress.bytes);
			}
			catch (RuntimeException ex) {
				logger.debug("Could not ping event: " + ex.getMessage());
			}
		}

		/** Stops pinging; once this returns, no further ping is sent. */
		public synchronized void stop() {
			this.stopped = true;
			cancel();
		}

		private void cancel() {
			ScheduledFuture<?> scheduled = this.future;
			if (scheduled != null) {
				scheduled.cancel(false);
			}
		}

	}

}
