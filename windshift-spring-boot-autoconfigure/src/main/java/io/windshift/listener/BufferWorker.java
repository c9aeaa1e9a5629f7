package io.windshift.listener;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

import io.windshift.listener.PrefetchBuffer.Held;

/**
 * The loop the workers share: wait for a held event, end on {@link PrefetchBuffer#STOP},
 * an interrupt or a newer generation, and otherwise hand the event to {@link #work},
 * which handles it alone ({@link EventWorker}) or with others ({@link BatchWorker}).
 */
abstract class BufferWorker implements ListenerWorker {

	final String listenerId;

	final PrefetchBuffer buffer;

	final PrefetchSizer sizer;

	final AtomicInteger inFlight = new AtomicInteger();

	private final long pollMillis;

	private final IntPredicate current;

	/**
	 * @param pollMillis how long a worker waits for an event before it checks whether it
	 * should end
	 * @param current whether the container still runs the given generation
	 */
	BufferWorker(String listenerId, PrefetchBuffer buffer, PrefetchSizer sizer, long pollMillis, IntPredicate current) {
		this.listenerId = listenerId;
		this.buffer = buffer;
		this.sizer = sizer;
		this.pollMillis = pollMillis;
		this.current = current;
	}

	@Override
	public int inFlight() {
		return this.inFlight.get();
	}

	/** Whether this worker's generation still runs and its thread is not interrupted. */
	final boolean active(int myGeneration) {
		return this.current.test(myGeneration) && !Thread.currentThread().isInterrupted();
	}

	@Override
	public final void run(int myGeneration, CountDownLatch done) {
		try {
			while (active(myGeneration)) {
				Held next;
				try {
					next = this.buffer.poll(this.pollMillis);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
				if (next == null) {
					continue;
				}
				if (next == PrefetchBuffer.STOP || !work(next, myGeneration)) {
					break;
				}
			}
		}
		finally {
			done.countDown();
		}
	}

	/**
	 * Handles a held event (and what else it takes); releases what it does not hand to
	 * the method if it has to stop.
	 * @return whether to go on
	 */
	abstract boolean work(Held first, int myGeneration);

}
