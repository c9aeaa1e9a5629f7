package io.windshift.events;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import org.jspecify.annotations.Nullable;

/**
 * Lets publishes wait, for a bounded time, while the connection is re-established instead
 * of failing at once.
 */
final class ConnectionGate implements ConnectionListener {

	private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	private final Connection connection;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	ConnectionGate(Connection connection) {
		this.connection = connection;
	}

	/**
	 * Waits until the connection is connected.
	 * @return the nanoseconds left of the budget, or a negative number if it ran out
	 * first
	 * @throws WindshiftException if the connection is closed
	 */
	long awaitConnected(long budgetNanos) {
		Connection.Status status = this.connection.getStatus();
		if (status == Connection.Status.CONNECTED) {
			return budgetNanos;
		}
		long deadline = System.nanoTime() + budgetNanos;
		while (true) {
			if (status == Connection.Status.CONNECTED) {
				return deadline - System.nanoTime();
			}
			if (status == Connection.Status.CLOSED) {
				throw new WindshiftException("Cannot publish: the NATS connection is closed");
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return left;
			}
			this.lock.lock();
			try {
				// re-checked at least every 50 ms: a missed signal only costs a short
				// delay
				this.changed.awaitNanos(Math.min(left, MAX_PARK_NANOS));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new WindshiftException("Interrupted while waiting for the NATS connection to publish", ex);
			}
			finally {
				this.lock.unlock();
			}
			status = this.connection.getStatus();
		}
	}

	@Override
	public void connectionEvent(Connection conn, Events type, @Nullable Long time, @Nullable String uriDetails) {
		if (type == Events.CONNECTED || type == Events.RECONNECTED || type == Events.CLOSED) {
			this.lock.lock();
			try {
				this.changed.signalAll();
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	@Override
	@Deprecated
	public void connectionEvent(Connection conn, Events type) {
		connectionEvent(conn, type, null, null);
	}

}
