package io.windshift.listener;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.windshift.listener.PrefetchBuffer.Held;

/**
 * A container's workers: each takes buffered events from the {@link PrefetchBuffer} and hands them to the
 * {@link ListenerEventHandler}, one at a time, feeding the handling time to the {@link PrefetchSizer}.
 */
final class EventWorker implements ListenerWorker {

	/** Logs under the container's name, as before the container was split. */
	private static final Log logger = LogFactory.getLog(WindshiftListenerContainer.class);

	private final String listenerId;

	private final PrefetchBuffer buffer;

	private final ListenerEventHandler handler;

	private final PrefetchSizer sizer;

	private final long pollMillis;

	private final IntPredicate current;

	private final AtomicInteger inFlight = new AtomicInteger();

	/**
	 * @param pollMillis how long a worker waits for an event before it checks whether it should end
	 * @param current whether the container still runs the given generation
	 */
	EventWorker(String listenerId, PrefetchBuffer buffer, ListenerEventHandler handler, PrefetchSizer sizer,
			long pollMillis, IntPredicate current) {
		this.listenerId = listenerId;
		this.buffer = buffer;
		this.handler = handler;
		this.sizer = sizer;
		this.pollMillis = pollMillis;
		this.current = current;
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
				if (next == PrefetchBuffer.STOP) {
					break;
				}
				if (!active(myGeneration)) {
					this.buffer.release(next);
					break;
				}
				handle(next);
			}
		}
		finally {
			done.countDown();
		}
	}

	private void handle(Held next) {
		this.inFlight.incrementAndGet();
		long start = System.nanoTime();
		Duration retry = null;
		try {
			retry = this.handler.handle(next.message(), next.tracking(), this.buffer.retriesOf(next));
		}
		catch (RuntimeException ex) {
			logger.error("Listener '" + this.listenerId + "' could not handle an event", ex);
		}
		finally {
			this.sizer.observe(System.nanoTime() - start);
			this.inFlight.decrementAndGet();
			this.buffer.handled(next, retry);
		}
	}

}
