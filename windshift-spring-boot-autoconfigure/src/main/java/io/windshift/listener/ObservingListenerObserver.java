package io.windshift.listener;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.observation.Observation;
import io.nats.client.Message;
import io.windshift.events.Event;
import io.windshift.events.JetStreamEvent;
import io.windshift.events.internal.DeliveryMetadata;
import io.windshift.observation.ListenerObservation;
import io.windshift.observation.ListenerObservations;
import org.jspecify.annotations.Nullable;

/**
 * Observes every listener invocation (a span that is a child of the publisher's, a timer
 * by outcome): the observation starts before the method, is current while it runs (so
 * that publishes there continue the trace) and ends when the event is settled, whichever
 * way: ack, reject, dead-letter, terminate, or left unsettled when the method returns
 * without settling or the container shuts down.
 */
public class ObservingListenerObserver implements ListenerObserver {

	private final ListenerObservations observations;

	private final Map<Event<?>, ListenerObservation> inProgress = new ConcurrentHashMap<>();

	/** Per listener id: the stream and consumer of its last observed delivery. */
	private final Map<String, Binding> bindings = new ConcurrentHashMap<>();

	public ObservingListenerObserver(ListenerObservations observations) {
		this.observations = observations;
	}

	@Override
	public void invoke(String listenerId, Event<?> event, Invocation invocation) throws Throwable {
		if (!this.observations.isEnabled() || !(event instanceof JetStreamEvent<?> delivered)) {
			invocation.proceed();
			return;
		}
		ListenerObservation observation = start(listenerId, delivered);
		this.inProgress.put(event, observation);
		try (Observation.Scope scope = observation.openScope()) {
			invocation.proceed();
		}
		catch (Throwable ex) {
			observation.failed(ex);
			throw ex;
		}
	}

	/**
	 * Runs the action in the scope of the event's observation, so that the container's
	 * log lines about its failure carry its trace and span ids. An event that reached no
	 * listener method (a poison event, an unhandled type, an event of a batch) gets its
	 * observation here, ended like any other by its outcome; an event settled already
	 * (its observation ended) gets none.
	 */
	@Override
	public void inScope(String listenerId, Event<?> event, Runnable action) {
		ListenerObservation observation = this.inProgress.get(event);
		if (observation == null && this.observations.isEnabled() && event instanceof JetStreamEvent<?> delivered
				&& !delivered.isSettled()) {
			observation = start(listenerId, delivered);
			this.inProgress.put(event, observation);
		}
		if (observation == null) {
			action.run();
			return;
		}
		try (Observation.Scope scope = observation.openScope()) {
			action.run();
		}
	}

	/**
	 * Starts the observation of a delivered event. For the container's own events the
	 * stream and consumer names are the listener's last ones while its deliveries' reply
	 * subjects carry them, and the id is read in place: the reply subject is not parsed
	 * into strings per event (the untraced path does not parse it at all).
	 */
	private ListenerObservation start(String listenerId, JetStreamEvent<?> delivered) {
		Message message = delivered.message();
		if (!(delivered instanceof DeliveredEvent<?>)) {
			return this.observations.start(message, listenerId, delivered.stream(), delivered.consumer(),
					delivered.id(), delivered.deliveryAttempt());
		}
		String replyTo = message.getReplyTo();
		Binding binding = this.bindings.get(listenerId);
		if (binding == null || !DeliveryMetadata.isFrom(replyTo, binding.stream(), binding.consumer())) {
			binding = new Binding(delivered.stream(), delivered.consumer());
			this.bindings.put(listenerId, binding);
		}
		return this.observations.start(message, listenerId, binding.stream(), binding.consumer(),
				DeliveryMetadata.streamSequence(replyTo), delivered.deliveryAttempt());
	}

	@Override
	public void outcome(String listenerId, Event<?> event, Outcome outcome, @Nullable Throwable failure) {
		ListenerObservation observation = this.inProgress.remove(event);
		if (observation != null) {
			observation.end(name(outcome));
		}
	}

	/** Observations started and not yet ended (for tests and shutdown checks). */
	public int inProgress() {
		return this.inProgress.size();
	}

	static String name(Outcome outcome) {
		return switch (outcome) {
			case ACKED -> "ack";
			case REDELIVERED -> "reject";
			case DEAD_LETTERED -> "dead-letter";
			case TERMINATED -> "terminate";
			case UNSETTLED -> "unsettled";
		};
	}

	/** The stream and consumer a listener's deliveries come from. */
	private record Binding(String stream, String consumer) {
	}

}
