package io.windshift.events;

import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.nats.client.api.PublishAck;
import io.windshift.events.PermissionViolations.Violation;
import io.windshift.events.internal.TimerThreads;
import org.jspecify.annotations.Nullable;

/**
 * The publishes of one template that await their acknowledgement, watched together
 * instead of with a timer task and a violation watch each (both cost as much as the
 * publish itself at tens of thousands per second). One sweep every
 * {@link #RESOLUTION_MILLIS} ms, only while something is pending, fails an
 * acknowledgement whose deadline passed with a {@link TimeoutException}; a permission
 * violation reported for a subject fails its pending acknowledgements at once with a
 * {@link PermissionDeniedException}.
 */
final class PendingAcks implements AutoCloseable {

	/** How late at most a timed-out acknowledgement is failed, in milliseconds. */
	static final long RESOLUTION_MILLIS = 20;

	private static final ScheduledExecutorService TIMER = TimerThreads.single("windshift-publish-timer")
		.getScheduledExecutor();

	private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean sweeping = new AtomicBoolean();

	private final @Nullable PermissionViolations violations;

	private final @Nullable AutoCloseable watch;

	PendingAcks(@Nullable PermissionViolations violations) {
		this.violations = violations;
		this.watch = (violations != null) ? violations.watchAll(this::denied) : null;
	}

	/**
	 * Watches an acknowledgement until it completes: fails it after {@code deadline} (a
	 * {@link System#nanoTime()} value), or when a violation on its subject was reported
	 * since {@code since}.
	 */
	CompletableFuture<PublishAck> track(String subject, CompletableFuture<PublishAck> ack, long since, long deadline) {
		this.pending.add(new Pending(subject, ack, deadline));
		if (!this.sweeping.get() && this.sweeping.compareAndSet(false, true)) {
			scheduleSweep();
		}
		if (this.violations != null) {
			// reported before the watch saw this publish
			this.violations.since(subject, since)
				.ifPresent((violation) -> ack
					.completeExceptionally(PermissionDeniedException.publish(subject, violation)));
		}
		return ack;
	}

	/** How many acknowledgements are watched (completed ones leave at the next sweep). */
	int size() {
		return this.pending.size();
	}

	@Override
	public void close() {
		if (this.watch != null) {
			try {
				this.watch.close();
			}
			catch (Exception ex) {
				// removing a watch does not fail
			}
		}
	}

	void sweep() {
		long now = System.nanoTime();
		for (Iterator<Pending> it = this.pending.iterator(); it.hasNext();) {
			Pending next = it.next();
			if (next.ack.isDone()) {
				it.remove();
			}
			else if (now - next.deadline >= 0) {
				it.remove();
				next.ack.completeExceptionally(new TimeoutException("no acknowledgement in time"));
			}
		}
		if (this.pending.isEmpty()) {
			this.sweeping.set(false);
			// a publish tracked after the check above must not go unwatched
			if (this.pending.isEmpty() || !this.sweeping.compareAndSet(false, true)) {
				return;
			}
		}
		scheduleSweep();
	}

	private void scheduleSweep() {
		TIMER.schedule(this::sweep, RESOLUTION_MILLIS, TimeUnit.MILLISECONDS);
	}

	private void denied(Violation violation) {
		for (Pending next : this.pending) {
			if (next.subject.equals(violation.subject()) && !next.ack.isDone()) {
				next.ack.completeExceptionally(PermissionDeniedException.publish(next.subject, violation));
			}
		}
	}

	private record Pending(String subject, CompletableFuture<PublishAck> ack, long deadline) {
	}

}
