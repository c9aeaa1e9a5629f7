package io.windshift.observation;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The observation of one listener invocation in progress, made by
 * {@link ListenerObservations#start}. Open its {@link #openScope() scope} around the
 * listener method so that publishes there continue the trace; end it exactly once with
 * {@link #end} when the event is settled (later calls are ignored).
 */
public final class ListenerObservation extends ObservationHandle<ListenerObservationContext> {

	/** A handle that observes nothing. */
	static final ListenerObservation NOOP = new ListenerObservation(null, null);

	private static final Observation.Scope NOOP_SCOPE = Observation.Scope.NOOP;

	ListenerObservation(@Nullable Observation observation, @Nullable ListenerObservationContext context) {
		super(observation, context);
	}

	/** The handle that observes nothing (used when observation is off). */
	public static ListenerObservation none() {
		return NOOP;
	}

	/**
	 * Makes this observation the current one on this thread until the scope is closed.
	 */
	public Observation.Scope openScope() {
		Observation observation = observation();
		return (observation != null) ? observation.openScope() : NOOP_SCOPE;
	}

	/**
	 * Records that the listener method failed (the observation goes on until the event is
	 * settled).
	 */
	public void failed(Throwable failure) {
		recordError(failure);
	}

	/**
	 * Ends the observation.
	 * @param outcome what became of the event: {@code ack}, {@code reject},
	 * {@code dead-letter}, {@code terminate}, {@code unsettled}
	 */
	public void end(String outcome) {
		ListenerObservationContext context = claimEnd();
		if (context != null) {
			context.setOutcome(outcome);
			stop();
		}
	}

	/** Whether {@link #end} was called. */
	public boolean isEnded() {
		return ended();
	}

}
