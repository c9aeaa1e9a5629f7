package io.windshift.observation;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The observation of one atomic batch in progress, made by
 * {@link PublishObservations#startBatch}. It ends exactly once, with {@link #published}
 * or {@link #failed}; later calls are ignored.
 */
public final class BatchPublishObservation extends ObservationHandle<BatchPublishObservationContext> {

	/** A handle that observes nothing. */
	static final BatchPublishObservation NOOP = new BatchPublishObservation(null, null);

	BatchPublishObservation(@Nullable Observation observation, @Nullable BatchPublishObservationContext context) {
		super(observation, context);
	}

	/** Ends the observation with the ids the server gave the batch. */
	public void published(long firstId, long lastId) {
		BatchPublishObservationContext context = claimEnd();
		if (context != null) {
			context.published(firstId, lastId);
			stop();
		}
	}

	/** Ends the observation with a failure. */
	public void failed(Throwable failure) {
		endWithError(failure);
	}

}
