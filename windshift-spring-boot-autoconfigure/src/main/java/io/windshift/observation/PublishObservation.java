package io.windshift.observation;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The observation of one publish in progress, made by {@link PublishObservations#start}.
 * It ends exactly once, with {@link #published} or {@link #failed}; later calls are
 * ignored.
 */
public final class PublishObservation extends ObservationHandle<PublishObservationContext> {

	/** A handle that observes nothing. */
	static final PublishObservation NOOP = new PublishObservation(null, null);

	/** The handle that observes nothing (used when observation is off). */
	public static PublishObservation none() {
		return NOOP;
	}

	PublishObservation(@Nullable Observation observation, @Nullable PublishObservationContext context) {
		super(observation, context);
	}

	/** Ends the observation with the server's answer. */
	public void published(String stream, long id, boolean duplicate) {
		PublishObservationContext context = claimEnd();
		if (context != null) {
			context.published(stream, id, duplicate);
			stop();
		}
	}

	/** Ends the observation with a failure. */
	public void failed(Throwable failure) {
		endWithError(failure);
	}

}
