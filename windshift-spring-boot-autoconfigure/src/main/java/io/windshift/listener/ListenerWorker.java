package io.windshift.listener;

import java.util.concurrent.CountDownLatch;
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;

/**
 * A container's workers: they take held events from the {@link PrefetchBuffer} and hand
 * them to the listener method, one at a time ({@link EventWorker}) or in batches
 * ({@link BatchWorker}).
 */
interface ListenerWorker {

	/** How many events the listener method is handling right now. */
	int inFlight();

	/**
	 * One worker's loop for one generation of the container; counts {@code done} down
	 * when it ends.
	 */
	void run(int myGeneration, CountDownLatch done);

	/** Makes the workers of a container once its buffer and suppliers exist. */
	@FunctionalInterface
	interface Factory {

		/**
		 * @param buffer the held events
		 * @param sizer what to tell the handling time
		 * @param maxDeliveryAttempts the consumer's max deliveries
		 * @param current whether the container still runs the given generation
		 */
		ListenerWorker create(PrefetchBuffer buffer, PrefetchSizer sizer, LongSupplier maxDeliveryAttempts,
				IntPredicate current);

	}

}
