package io.windshift.observation;

import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The observation of one publish in progress, made by {@link PublishObservations#start}.
 * It ends exactly once, with {@link #published} or {@link #failed}; later calls are
 * ignored.
 */
public final class PublishObservation {

	/** A handle that observes nothing. */
	static final PublishObservation NOOP = new PublishObservation(null, null);

	private final @Nullable Observation observation;

	private final @Nullable PublishObservationContext context;

	private final AtomicBoolean ended = new AtomicBoolean();

	/** The handle that observes nothing (used when observation is off). */
	public static PublishObservation none() {
		return NOOP;
	}

	PublishObservation(@Nullable Observation observation, @Nullable PublishObservationContext context) {
		this.observation = observation;
		this.context = context;
	}

	/** Ends the observation with the server's answer. */
	public void published(String stream, long id, boolean duplicate) {
		if (this.observation != null && this.context != null && this.ended.compareAndSet(false, true)) {
			this.context.published(stream, id, duplicate);
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
