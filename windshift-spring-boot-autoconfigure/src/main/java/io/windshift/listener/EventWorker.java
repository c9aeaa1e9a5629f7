package io.windshift.listener;

import java.time.Duration;
import java.util.function.IntPredicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.windshift.listener.PrefetchBuffer.Held;

/**
 * A container's workers: each takes buffered events from the {@link PrefetchBuffer} and
 * hands them to the {@link ListenerEventHandler}, one at a time, feeding the handling
 * time to the {@link PrefetchSizer}.
 */
final class EventWorker extends BufferWorker {

	/** Logs under the container's name, as before the container was split. */
	private static final Log logger = LogFactory.getLog(WindshiftListenerContainer.class);

	private final ListenerEventHandler handler;

	/**
	 * @param pollMillis how long a worker waits for an event before it checks whether it
	 * should end
	 * @param current whether the container still runs the given generation
	 */
	EventWorker(String listenerId, PrefetchBuffer buffer, ListenerEventHandler handler, PrefetchSizer sizer,
			long pollMillis, IntPredicate current) {
		super(listenerId, buffer, sizer, pollMillis, current);
		this.handler = handler;
	}

	@Override
	boolean work(Held next, int myGeneration) {
		if (!active(myGeneration)) {
			this.buffer.release(next);
			return false;
		}
		this.inFlight.incrementAndGet();
		long start = System.nanoTime();
		Duration retry = null;
		try {
			retry = this.handler.handle(next.event(), next.pinging(), this.buffer.retriesOf(next));
		}
		catch (RuntimeException ex) {
			logger.error("Listener '" + this.listenerId + "' could not handle an event", ex);
		}
		finally {
			this.sizer.observe(System.nanoTime() - start);
			this.inFlight.decrementAndGet();
			this.buffer.handled(next, retry);
		}
		return true;
	}

}
