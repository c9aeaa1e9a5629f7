package io.windshift.listener;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.windshift.listener.PrefetchBuffer.Held;

/**
 * A batch listener's workers: each waits for one held event, then takes what else is buffered, waiting at most
 * the max batch wait for more, up to the max batch size, and hands the batch to the {@link BatchEventHandler}.
 * Events keep their buffer (arrival) order within a batch; every held event is pinged until it is settled.
 */
final class BatchWorker implements ListenerWorker {

	/** Logs under the container's name, as the single-event workers do. */
	private static final Log logger = LogFactory.getLog(WindshiftListenerContainer.class);

	private final String listenerId;

	private final PrefetchBuffer buffer;

	private final BatchEventHandler handler;

	private final PrefetchSizer sizer;

	private final long pollMillis;

	private final IntPredicate current;

	private final int maxBatchSize;

	private final long maxBatchWaitNanos;

	private final AtomicInteger inFlight = new AtomicInteger();

	/**
	 * @param sizer told the handling time of whole batches (so sized with concurrency times max batch size)
	 * @param pollMillis how long a worker waits for a first event before it checks whether it should end
	 */
	BatchWorker(String listenerId, PrefetchBuffer buffer, BatchEventHandler handler, PrefetchSizer sizer,
			long pollMillis, IntPredicate current, int maxBatchSize, long maxBatchWaitNanos) {
		this.listenerId = listenerId;
		this.buffer = buffer;
		this.handler = handler;
		this.sizer = sizer;
		this.pollMillis = pollMillis;
		this.current = current;
		this.maxBatchSize = maxBatchSize;
		this.maxBatchWaitNanos = maxBatchWaitNanos;
	}

	@Override
	public int inFlight() {
		return this.inFlight.get();
	}

	private boolean active(int myGeneration) {
		return this.current.test(myGeneration) && !Thread.currentThread().isInterrupted();
	}

	@Override
	public void run(int myGeneration, CountDownLatch done) {
		try {
			while (active(myGeneration)) {
				Held first;
				try {
					first = this.buffer.poll(this.pollMillis);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
				if (first == null) {
					continue;
				}
				if (first == PrefetchBuffer.STOP) {
					break;
				}
				List<Held> batch = new ArrayList<>(Math.min(this.maxBatchSize, 256));
				batch.add(first);
				boolean stop = collect(batch);
				if (stop || !active(myGeneration)) {
					// stopping: nothing collected is handed to the method
					batch.forEach(this.buffer::release);
					break;
				}
				handle(batch);
			}
		}
		finally {
			done.countDown();
		}
	}

	/** Adds held events up to the max batch size, waiting up to the max batch wait; whether a STOP came. */
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
			}
		}
		return false;
	}

	/** Takes the STOPs drained from {@code from} on out of the batch, one kept for this worker. */
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
		try {
			this.handler.handle(batch);
		}
		catch (RuntimeException ex) {
			logger.error("Listener '" + this.listenerId + "' could not handle a batch of " + batch.size() + " events",
					ex);
		}
		finally {
			this.sizer.observe(System.nanoTime() - start);
			this.inFlight.addAndGet(-batch.size());
			for (int i = 0; i < batch.size(); i++) {
				this.buffer.freed();
			}
		}
	}

}
