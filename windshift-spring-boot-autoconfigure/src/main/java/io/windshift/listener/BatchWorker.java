package io.windshift.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntPredicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.windshift.listener.PrefetchBuffer.Held;

/**
 * A batch listener's workers: each waits for one held event, then takes what else is
 * buffered, waiting at most the max batch wait for more, up to the max batch size, and
 * hands the batch to the {@link BatchEventHandler}. While it collects on a busy stream it
 * takes events a few at a time rather than being woken for each (see {@code linger}).
 * Events keep their buffer (arrival) order within a batch; every held event is pinged
 * until it is settled. With {@code orderBy} the buffer hands out one event per key at a
 * time (see {@link KeyedScheduler}), so a batch holds at most one event of a key and no
 * other batch holds one of that key meanwhile; each event's key is released (or its event
 * retried in the container) when the batch returns.
 */
final class BatchWorker extends BufferWorker {

	/** Logs under the container's name, as the single-event workers do. */
	private static final Log logger = LogFactory.getLog(WindshiftListenerContainer.class);

	/**
	 * The longest a collecting worker lets events arrive before it takes them again (see
	 * {@code linger}).
	 */
	static final Duration LINGER = Duration.ofMillis(1);

	private final BatchEventHandler handler;

	private final int maxBatchSize;

	private final long maxBatchWaitNanos;

	private final long lingerNanos;

	/**
	 * @param sizer told the handling time of whole batches (so sized with concurrency
	 * times max batch size)
	 * @param pollMillis how long a worker waits for a first event before it checks
	 * whether it should end
	 */
	BatchWorker(String listenerId, PrefetchBuffer buffer, BatchEventHandler handler, PrefetchSizer sizer,
			long pollMillis, IntPredicate current, int maxBatchSize, long maxBatchWaitNanos) {
		super(listenerId, buffer, sizer, pollMillis, current);
		this.handler = handler;
		this.maxBatchSize = maxBatchSize;
		this.maxBatchWaitNanos = maxBatchWaitNanos;
		this.lingerNanos = Math.min(LINGER.toNanos(), maxBatchWaitNanos / 10);
	}

	@Override
	boolean work(Held first, int myGeneration) {
		List<Held> batch = new ArrayList<>(Math.min(this.maxBatchSize, 256));
		batch.add(first);
		boolean stop = collect(batch);
		if (stop || !active(myGeneration)) {
			// stopping: nothing collected is handed to the method
			batch.forEach(this.buffer::release);
			return false;
		}
		handle(batch);
		return true;
	}

	/**
	 * Adds held events up to the max batch size, waiting up to the max batch wait;
	 * whether a STOP came.
	 */
	private boolean collect(List<Held> batch) {
		long deadline = System.nanoTime() + this.maxBatchWaitNanos;
		while (batch.size() < this.maxBatchSize) {
			int from = batch.size();
			this.buffer.drainTo(batch, this.maxBatchSize - from);
			if (removeStops(batch, from)) {
				return true;
			}
			long left = deadline - System.nanoTime();
			if (batch.size() >= this.maxBatchSize || left <= 0) {
				break;
			}
			Held next;
			try {
				next = this.buffer.poll(Math.max(1, (left + 999_999) / 1_000_000));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return true;
			}
			if (next == PrefetchBuffer.STOP) {
				return true;
			}
			if (next != null) {
				batch.add(next);
				if (batch.size() < this.maxBatchSize && linger(deadline)) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * After an arrival woke this worker while its batch is not full, lets more events
	 * arrive before it takes them: on a busy stream a worker that polled again at once
	 * would be woken (a thread switch, about as dear as the rest of an event's handling)
	 * for every event of its batch; this way it wakes a few times a batch. Waits at most
	 * {@link #LINGER} (a tenth of the max batch wait if that is less) and never past the
	 * batch's deadline; on a quiet stream it costs one short wait per arrival.
	 * @return whether the thread was interrupted
	 */
	private boolean linger(long deadline) {
		long wait = Math.min(this.lingerNanos, deadline - System.nanoTime());
		if (wait > 0) {
			LockSupport.parkNanos(this, wait);
		}
		return Thread.currentThread().isInterrupted();
	}

	/**
	 * Takes the STOPs drained from {@code from} on out of the batch, one kept for this
	 * worker.
	 */
	private boolean removeStops(List<Held> batch, int from) {
		int stops = 0;
		for (int i = batch.size() - 1; i >= from; i--) {
			if (batch.get(i) == PrefetchBuffer.STOP) {
				batch.remove(i);
				stops++;
			}
		}
		for (int i = 1; i < stops; i++) {
			this.buffer.returnStop();
		}
		return stops > 0;
	}

	private void handle(List<Held> batch) {
		this.inFlight.addAndGet(batch.size());
		long start = System.nanoTime();
		@Nullable Duration[] retries = null;
		try {
			retries = this.handler.handle(batch, this.buffer::retriesOf);
		}
		catch (RuntimeException ex) {
			logger.error("Listener '" + this.listenerId + "' could not handle a batch of " + batch.size() + " events",
					ex);
		}
		finally {
			this.sizer.observe(System.nanoTime() - start);
			this.inFlight.addAndGet(-batch.size());
			for (int i = 0; i < batch.size(); i++) {
				this.buffer.handled(batch.get(i), (retries != null) ? retries[i] : null);
			}
		}
	}

}
