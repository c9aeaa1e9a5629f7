package io.windshift.listener;

import java.io.IOException;

import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.ConsumerInfo;
import org.jspecify.annotations.Nullable;

import io.windshift.admin.WindshiftAdmin;
import io.windshift.consumers.ConsumerDefinition;
import io.windshift.events.WindshiftException;

/**
 * The consumer a container reads from: a declared durable (bean or configuration; bound as it is), or one
 * ensured from the listener's settings (a durable by name, or an ephemeral one). Either is recreated from
 * its definition when the server lost it.
 */
final class ListenerConsumer {

	/** The JetStream API error code for "consumer not found". */
	static final int CONSUMER_NOT_FOUND = 10014;

	private final Connection connection;

	private final WindshiftAdmin admin;

	private final ConsumerDefinition definition;

	private final boolean declared;

	/**
	 * @param connection the connection to consume on
	 * @param admin ensures the consumer
	 * @param definition the declared definition, or the one made from the listener's settings
	 * @param declared whether the definition is declared elsewhere (then an existing consumer is bound as it is)
	 */
	ListenerConsumer(Connection connection, WindshiftAdmin admin, ConsumerDefinition definition, boolean declared) {
		this.connection = connection;
		this.admin = admin;
		this.definition = definition;
		this.declared = declared;
	}

	String stream() {
		return this.definition.stream();
	}

	/** The durable name, or {@code null} for an ephemeral consumer. */
	@Nullable String name() {
		return this.definition.name().orElse(null);
	}

	ConsumerDefinition definition() {
		return this.definition;
	}

	/** Binds to the consumer: ensures it unless it is declared elsewhere and exists. */
	ConsumerContext bind() {
		String name = name();
		if (this.declared && name != null) {
			try {
				return this.connection.getConsumerContext(stream(), name);
			}
			catch (JetStreamApiException ex) {
				if (ex.getApiErrorCode() != CONSUMER_NOT_FOUND) {
					throw new WindshiftException(describe() + " could not be bound: " + ex.getErrorDescription(), ex,
							true);
				}
			}
			catch (IOException | RuntimeException ex) {
				throw new WindshiftException(describe() + " could not be bound: " + ex.getMessage(), ex, true);
			}
		}
		return ensure("bound");
	}

	/** Recreates the consumer from its definition, after the server lost it. */
	ConsumerContext recreate() {
		return ensure("recreated");
	}

	private ConsumerContext ensure(String action) {
		try {
			ConsumerInfo info = this.admin.ensureConsumer(this.definition);
			return this.connection.getConsumerContext(stream(), info.getName());
		}
		catch (WindshiftException ex) {
			throw new WindshiftException(describe() + " could not be " + action + ": " + ex.getMessage(), ex,
					ex.isRetryable());
		}
		catch (JetStreamApiException ex) {
			throw new WindshiftException(describe() + " could not be " + action + ": " + ex.getErrorDescription(),
					ex, true);
		}
		catch (IOException | RuntimeException ex) {
			throw new WindshiftException(describe() + " could not be " + action + ": " + ex.getMessage(), ex, true);
		}
	}

	/** Deletes the consumer with this name (an ephemeral one, at shutdown). */
	void delete(String consumerName) {
		this.admin.deleteConsumer(stream(), consumerName);
	}

	String describe() {
		String name = name();
		return (name != null) ? "Consumer '" + name + "' of stream '" + stream() + "'"
				: "An ephemeral consumer of stream '" + stream() + "'";
	}

}
