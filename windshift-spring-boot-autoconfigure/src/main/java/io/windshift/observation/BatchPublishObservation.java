package io.windshift.observation;

import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The observation of one atomic batch in progress, made by
 * {@link PublishObservations#startBatch}. It ends exactly once, with {@link #published}
 * or {@link #failed}; later calls are ignored.
 */
public final class BatchPublishObservation {

	/** A handle that observes nothing. */
	static final BatchPublishObservation NOOP = new BatchPublishObservation(null, null);

	private final @Nullable Observation observation;

	private final @Nullable BatchPublishObservationContext context;

	private final AtomicBoolean ended = new AtomicBoolean();

	BatchPublishObservation(@Nullable Observation observation, @Nullable BatchPublishObservationContext context) {
		this.observation = observation;
		this.context = context;
	}

	/** Ends the observation with the ids the server gave the batch. */
	public void published(long firstId, long lastId) {
		if (this.observation != null && this.context != null && this.ended.compareAndSet(false, true)) {
			this.context.published(firstId, lastId);
			this.observation.stop();
		}
	}

	/** Ends the observation with a failure. */
	public void failed(Throwable failure) {
		if (this.observation != null && this.ended.compareAndSet(false, true)) {
			this.observation.error(failure);
			this.observation.stop();
		}
	}

}
