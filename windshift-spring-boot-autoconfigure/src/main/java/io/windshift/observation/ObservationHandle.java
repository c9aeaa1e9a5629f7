package io.windshift.observation;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What the handles of observations in progress share: an observation (none when
 * observation is off) and its context, ended exactly once; later ends are ignored.
 *
 * @param <C> the type of the observation's context
 */
abstract class ObservationHandle<C extends Observation.Context> {

	private final @Nullable Observation observation;

	private final @Nullable C context;

	@SuppressWarnings("rawtypes")
	private static final AtomicIntegerFieldUpdater<ObservationHandle> ENDED = AtomicIntegerFieldUpdater
		.newUpdater(ObservationHandle.class, "ended");

	/** 1 once ended. */
	private volatile int ended;

	ObservationHandle(@Nullable Observation observation, @Nullable C context) {
		this.observation = observation;
		this.context = context;
	}

	/** The observation, or {@code null} for a handle that observes nothing. */
	final @Nullable Observation observation() {
		return this.observation;
	}

	/**
	 * Claims the end of the observation: the context to record the outcome in, then
	 * {@link #stop()}; {@code null} when it observes nothing or has already ended.
	 */
	final @Nullable C claimEnd() {
		return (this.observation != null && this.context != null && ENDED.compareAndSet(this, 0, 1)) ? this.context
				: null;
	}

	/** Stops the observation whose end {@link #claimEnd()} claimed. */
	final void stop() {
		if (this.observation != null) {
			this.observation.stop();
		}
	}

	/** Ends the observation with a failure, unless it has ended. */
	final void endWithError(Throwable failure) {
		if (this.observation != null && ENDED.compareAndSet(this, 0, 1)) {
			this.observation.error(failure);
			this.observation.stop();
		}
	}

	/** Records a failure without ending the observation, unless it has ended. */
	final void recordError(Throwable failure) {
		if (this.observation != null && this.ended == 0) {
			this.observation.error(failure);
		}
	}

	final boolean ended() {
		return this.ended != 0;
	}

}
