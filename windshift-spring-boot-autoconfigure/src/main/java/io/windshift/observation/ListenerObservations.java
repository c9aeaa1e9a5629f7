package io.windshift.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.nats.client.Message;
import org.jspecify.annotations.Nullable;

/**
 * Starts an observation per listener invocation, continuing the trace whose context the
 * event carries in its headers. When the registry is {@link ObservationRegistry#NOOP
 * no-op} or listener observation is switched off, nothing is created: {@link #start}
 * returns a shared handle that does nothing.
 */
public final class ListenerObservations {

	/** Makes no observations. */
	public static final ListenerObservations DISABLED = new ListenerObservations(ObservationRegistry.NOOP, null);

	private final ObservationRegistry registry;

	private final @Nullable ListenerObservationConvention convention;

	/**
	 * @param registry where observations go
	 * @param convention a convention replacing the default, or {@code null}
	 */
	public ListenerObservations(ObservationRegistry registry, @Nullable ListenerObservationConvention convention) {
		this.registry = registry;
		this.convention = convention;
	}

	/** Whether observations are made at all. */
	public boolean isEnabled() {
		return !this.registry.isNoop();
	}

	/**
	 * Starts observing the handling of one delivered JetStream message by a listener (the
	 * caller has read its metadata already).
	 * @param message the delivered message
	 * @param listenerId the listener
	 * @param stream the stream it came from
	 * @param consumer the consumer that delivered it
	 * @param id its id in the stream
	 * @param attempt which delivery attempt this is
	 * @return the handle to end the observation with; never {@code null}
	 */
	public ListenerObservation start(Message message, String listenerId, String stream, String consumer, long id,
			long attempt) {
		if (this.registry.isNoop()) {
			return ListenerObservation.NOOP;
		}
		ListenerObservationContext context = new ListenerObservationContext(message, listenerId, stream, consumer,
				message.getSubject(), id, attempt);
		Observation observation = WindshiftObservation.LISTENER
			.observation(this.convention, DefaultListenerObservationConvention.INSTANCE, () -> context, this.registry)
			.start();
		return new ListenerObservation(observation, context);
	}

}
