package io.windshift.events;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.nats.client.impl.Headers;
import io.windshift.observation.PublishObservation;
import io.windshift.observation.PublishObservations;

/**
 * The path of one event through a {@link WindshiftTemplate}: the call options resolved
 * against the template's defaults, the event prepared for its stream's features, its
 * headers and payload written, its observation started, asynchronous publishes held to
 * the in-flight window, then the {@link EventSender}.
 */
final class SinglePublisher {

	private final CallOptions defaults;

	private final StreamFeatures features;

	private final OutgoingMessageFactory messages;

	private final PublishObservations observations;

	private final EventSender sender;

	private final Semaphore inFlight;

	private final int maxInFlight;

	SinglePublisher(CallOptions defaults, StreamFeatures features, OutgoingMessageFactory messages,
			PublishObservations observations, EventSender sender, Semaphore inFlight, int maxInFlight) {
		this.defaults = defaults;
		this.features = features;
		this.messages = messages;
		this.observations = observations;
		this.sender = sender;
		this.inFlight = inFlight;
		this.maxInFlight = maxInFlight;
	}

	/** The template's defaults with these call options applied. */
	CallOptions resolve(CallOption[] options) {
		return (options.length == 0) ? this.defaults : this.defaults.with(options);
	}

	PublishedEvent publish(OutgoingEvent outgoing, CallOption[] options) {
		OutgoingEvent event = this.features.prepare(outgoing);
		CallOptions call = resolve(options);
		Headers headers = this.messages.headers(event);
		byte[] payload = this.messages.payload(event);
		PublishObservation observation = observe(event, headers);
		try {
			PublishedEvent published = this.sender.publish(event, headers, payload, call);
			observation.published(published.stream(), published.id(), published.duplicate());
			return published;
		}
		catch (RuntimeException | Error ex) {
			observation.failed(ex);
			throw ex;
		}
	}

	CompletableFuture<PublishedEvent> publishAsync(OutgoingEvent outgoing, CallOption[] options) {
		OutgoingEvent event;
		try {
			event = this.features.prepare(outgoing);
		}
		catch (WindshiftException ex) {
			return this.sender.failed(PublishObservation.none(), ex);
		}
		CallOptions call = resolve(options);
		Headers headers = this.messages.headers(event);
		byte[] payload = this.messages.payload(event);
		PublishObservation observation = observe(event, headers);
		long start = System.nanoTime();
		try {
			if (!this.inFlight.tryAcquire(call.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
				return this.sender.failed(observation, new PublishTimeoutException(event.subject(), call.timeout(),
						false, this.maxInFlight + " publishes were waiting for their acknowledgement", null));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return this.sender.failed(observation, new WindshiftException(
					"Interrupted while waiting for room to publish to '" + event.subject() + "'", ex));
		}
		return this.sender.publishAsync(event, headers, payload, call, observation, start, this.inFlight::release);
	}

	/** The number of asynchronous publishes waiting for their acknowledgement. */
	int inFlight() {
		return this.maxInFlight - this.inFlight.availablePermits();
	}

	private PublishObservation observe(OutgoingEvent event, Headers headers) {
		if (!this.observations.isEnabled()) {
			return PublishObservation.none();
		}
		return this.observations.start(headers, event.subject(), OutgoingMessageFactory.dataType(event.data()),
				event.idempotencyKey());
	}

}
