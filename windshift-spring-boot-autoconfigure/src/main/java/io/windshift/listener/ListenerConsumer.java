package io.windshift.listener;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import org.jspecify.annotations.Nullable;

import io.windshift.events.WindshiftException;

/**
 * The consumer a container reads from: a declared durable (bound as it is), or one created and kept up to
 * date from the listener's settings (a durable by name, or an ephemeral one). It can be recreated when the
 * server lost it.
 */
final class ListenerConsumer {

	/** The JetStream API error code for "consumer not found". */
	static final int CONSUMER_NOT_FOUND = 10014;

	/** The JetStream API error code for "stream not found". */
	static final int STREAM_NOT_FOUND = 10059;

	private final Connection connection;

	private final String stream;

	private final @Nullable String name;

	private final boolean declared;

	private final ConsumerConfiguration configuration;

	ListenerConsumer(Connection connection, String stream, @Nullable String name, boolean declared,
			ConsumerConfiguration configuration) {
		this.connection = connection;
		this.stream = stream;
		this.name = name;
		this.declared = declared;
		this.configuration = configuration;
	}

	/** Builds the configuration of a consumer created for a listener. */
	static ConsumerConfiguration configuration(@Nullable String name, List<String> subjects, Duration processingTimeout,
			String consumeFrom, int maxDeliveryAttempts, int maxPendingEvents, Duration ephemeralInactiveThreshold) {
		ConsumerConfiguration.Builder builder = ConsumerConfiguration.builder()
			.ackPolicy(AckPolicy.Explicit)
			.ackWait(processingTimeout)
			.maxDeliver(maxDeliveryAttempts)
			.maxAckPending(maxPendingEvents);
		if (name != null) {
			builder.durable(name);
		}
		else {
			builder.inactiveThreshold(ephemeralInactiveThreshold);
		}
		if (subjects.size() == 1) {
			builder.filterSubject(subjects.get(0));
		}
		else if (!subjects.isEmpty()) {
			builder.filterSubjects(subjects);
		}
		applyConsumeFrom(builder, consumeFrom);
		return builder.build();
	}

	private static void applyConsumeFrom(ConsumerConfiguration.Builder builder, String consumeFrom) {
		String value = consumeFrom.trim();
		try {
			if (value.equals("new")) {
				builder.deliverPolicy(DeliverPolicy.New);
			}
			else if (value.equals("start")) {
				builder.deliverPolicy(DeliverPolicy.All);
			}
			else if (value.equals("end")) {
				builder.deliverPolicy(DeliverPolicy.Last);
			}
			else if (value.startsWith("id:")) {
				builder.deliverPolicy(DeliverPolicy.ByStartSequence)
					.startSequence(Long.parseLong(value.substring(3).trim()));
			}
			else if (value.startsWith("time:")) {
				builder.deliverPolicy(DeliverPolicy.ByStartTime)
					.startTime(Instant.parse(value.substring(5).trim()).atZone(ZoneOffset.UTC));
			}
			else {
				throw new IllegalArgumentException("unknown value");
			}
		}
		catch (IllegalArgumentException | DateTimeParseException ex) {
			throw new IllegalArgumentException("Invalid consumeFrom '" + consumeFrom
					+ "': expected new, start, end, id:<n> or time:<ISO-8601 instant>", ex);
		}
	}

	String stream() {
		return this.stream;
	}

	/** The durable name, or {@code null} for an ephemeral consumer. */
	@Nullable String name() {
		return this.name;
	}

	/** Binds to the consumer, creating or updating it unless it is declared elsewhere. */
	ConsumerContext bind() {
		try {
			if (this.declared && this.name != null) {
				return this.connection.getConsumerContext(this.stream, this.name);
			}
			return this.connection.getStreamContext(this.stream).createOrUpdateConsumer(this.configuration);
		}
		catch (JetStreamApiException ex) {
			throw new WindshiftException(describe() + " could not be bound: " + explain(ex), ex,
					ex.getApiErrorCode() != STREAM_NOT_FOUND);
		}
		catch (IOException | RuntimeException ex) {
			throw new WindshiftException(describe() + " could not be bound: " + ex.getMessage(), ex, true);
		}
	}

	/** Recreates the consumer from its configuration, after the server lost it. */
	ConsumerContext recreate() {
		try {
			return this.connection.getStreamContext(this.stream).createOrUpdateConsumer(this.configuration);
		}
		catch (JetStreamApiException ex) {
			throw new WindshiftException(describe() + " could not be recreated: " + explain(ex), ex, true);
		}
		catch (IOException | RuntimeException ex) {
			throw new WindshiftException(describe() + " could not be recreated: " + ex.getMessage(), ex, true);
		}
	}

	private String explain(JetStreamApiException ex) {
		if (ex.getApiErrorCode() == STREAM_NOT_FOUND) {
			return "stream '" + this.stream + "' does not exist";
		}
		if (ex.getApiErrorCode() == CONSUMER_NOT_FOUND) {
			return "the consumer does not exist";
		}
		return ex.getErrorDescription() + " (error " + ex.getApiErrorCode() + ")";
	}

	String describe() {
		return (this.name != null) ? "Consumer '" + this.name + "' of stream '" + this.stream + "'"
				: "An ephemeral consumer of stream '" + this.stream + "'";
	}

}
