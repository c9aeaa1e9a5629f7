package io.windshift.observation;

import java.util.List;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.nats.client.impl.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Starts an observation per publish, writing trace context into the outgoing headers.
 * When the registry is {@link ObservationRegistry#NOOP no-op} (no handlers) or publish
 * observation is switched off, nothing is created: {@link #start} returns a shared handle
 * that does nothing.
 */
public final class PublishObservations {

	/** Makes no observations. */
	public static final PublishObservations DISABLED = new PublishObservations(ObservationRegistry.NOOP, null,
			new TraceHeaders(false));

	private final ObservationRegistry registry;

	private final @Nullable PublishObservationConvention convention;

	private final TraceHeaders traceHeaders;

	/**
	 * @param registry where observations go
	 * @param convention a convention replacing the default, or {@code null}
	 * @param traceHeaders how trace context is written into headers
	 */
	public PublishObservations(ObservationRegistry registry, @Nullable PublishObservationConvention convention,
			TraceHeaders traceHeaders) {
		this.registry = registry;
		this.convention = convention;
		this.traceHeaders = traceHeaders;
	}

	/** Whether observations are made at all. */
	public boolean isEnabled() {
		return !this.registry.isNoop();
	}

	/**
	 * Starts observing one publish (call it on the publishing thread, so that the current
	 * observation becomes the parent) and writes the trace context into the headers.
	 * @param headers the outgoing headers, still writable
	 * @param subject the subject
	 * @param dataType the {@code WS-Data-Type}
	 * @param idempotencyKey the idempotency key, if any
	 * @return the handle to end the observation with; never {@code null}
	 */
	public PublishObservation start(Headers headers, String subject, String dataType, @Nullable String idempotencyKey) {
		if (this.registry.isNoop()) {
			return PublishObservation.NOOP;
		}
		PublishObservationContext context = new PublishObservationContext(headers, subject, dataType, idempotencyKey,
				this.traceHeaders);
		Observation observation = WindshiftObservation.PUBLISH
			.observation(this.convention, DefaultPublishObservationConvention.INSTANCE, () -> context, this.registry)
			.start();
		return new PublishObservation(observation, context);
	}

	/**
	 * Starts observing one atomic batch (call it on the publishing thread, so that the
	 * current observation becomes the parent) and writes the trace context into the
	 * headers of each of its events.
	 * @param headers the outgoing headers of every event, still writable
	 * @param stream the stream the batch goes to
	 * @return the handle to end the observation with; never {@code null}
	 */
	public BatchPublishObservation startBatch(List<Headers> headers, String stream) {
		if (this.registry.isNoop()) {
			return BatchPublishObservation.NOOP;
		}
		BatchPublishObservationContext context = new BatchPublishObservationContext(headers, stream, headers.size(),
				this.traceHeaders);
		Observation observation = WindshiftObservation.PUBLISH_BATCH
			.observation(null, DefaultBatchPublishObservationConvention.INSTANCE, () -> context, this.registry)
			.start();
		return new BatchPublishObservation(observation, context);
	}

}
