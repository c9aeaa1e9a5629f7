package io.windshift.events;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The calls of {@link WindshiftTemplate#publishAtomically} and
 * {@link WindshiftTemplate#publishAtomicallyAsync}: the wait for the connection and for
 * room in the template's in-flight window, around an {@link AtomicPublisher}.
 */
final class AtomicBatches {

	private final AtomicPublisher atomic;

	private final ConnectionGate gate;

	private final Semaphore inFlight;

	private final int maxInFlight;

	private final Executor executor;

	AtomicBatches(AtomicPublisher atomic, ConnectionGate gate, Semaphore inFlight, int maxInFlight, Executor executor) {
		this.atomic = atomic;
		this.gate = gate;
		this.inFlight = inFlight;
		this.maxInFlight = maxInFlight;
		this.executor = executor;
	}

	List<PublishedEvent> publish(List<OutgoingEvent> events, Duration timeout) {
		long left = this.gate.awaitConnected(timeout.toNanos());
		if (left <= 0) {
			throw notConnected();
		}
		CompletableFuture<List<PublishedEvent>> result = this.atomic.send(events, Duration.ofNanos(left));
		try {
			return result.get(left + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			Throwable cause = Objects.requireNonNullElse(ex.getCause(), ex);
			throw (cause instanceof RuntimeException runtime) ? runtime
					: new WindshiftException("Atomic batch failed", cause);
		}
		catch (TimeoutException ex) {
			throw new AtomicBatchException(
					"No answer to an atomic batch within " + timeout + "; it may or may not have been stored",
					List.of(), ex, true);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new WindshiftException("Interrupted while publishing an atomic batch", ex);
		}
	}

	CompletableFuture<List<PublishedEvent>> publishAsync(List<OutgoingEvent> events, Duration timeout) {
		int permits = Math.min(Math.max(1, (events != null) ? events.size() : 1), this.maxInFlight);
		CompletableFuture<List<PublishedEvent>> result = new OffClientThreadFuture<>(this.executor);
		long start = System.nanoTime();
		try {
			if (!this.inFlight.tryAcquire(permits, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
				result.completeExceptionally(new AtomicBatchException("No room to publish an atomic batch within "
						+ timeout + ": " + this.maxInFlight + " publishes were waiting", List.of(), null, true));
				return result;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			result.completeExceptionally(new WindshiftException("Interrupted while publishing an atomic batch", ex));
			return result;
		}
		try {
			long left = this.gate.awaitConnected(timeout.toNanos() - (System.nanoTime() - start));
			if (left <= 0) {
				throw notConnected();
			}
			this.atomic.send(events, Duration.ofNanos(left)).whenComplete((published, ex) -> {
				this.inFlight.release(permits);
				if (ex != null) {
					result.completeExceptionally((ex instanceof CompletionException) ? ex.getCause() : ex);
				}
				else {
					result.complete(published);
				}
			});
		}
		catch (RuntimeException ex) {
			this.inFlight.release(permits);
			result.completeExceptionally(ex);
		}
		return result;
	}

	private static AtomicBatchException notConnected() {
		return new AtomicBatchException("Cannot publish an atomic batch: the NATS connection is not connected",
				List.of(), null, true);
	}

}
