package io.windshift.listener;

import java.time.Duration;

import io.nats.client.Connection;
import io.nats.client.api.ServerInfo;
import io.windshift.admin.WindshiftAdmin;
import io.windshift.consumers.ConsumerDefinition;
import io.windshift.events.PermissionViolations;
import io.windshift.listener.ListenerContainerFactory.DeclaredConsumers;
import io.windshift.streams.StreamPointer;
import org.jspecify.annotations.Nullable;

/**
 * Finds the consumer of a listener endpoint for its container: the declared one of that
 * name, or one made from the endpoint's settings and the factory's defaults (see
 * {@link ListenerContainerFactory}); an ordered listener's consumer gets the
 * pinned-client group.
 *
 * @param connection the connection the consumer is bound on
 * @param admin ensures a consumer made here
 * @param declared the consumers declared as beans or properties
 * @param permissionViolations reports subjects the connection may not use, or
 * {@code null}
 * @param processingTimeout the default processing timeout
 * @param consumeFrom the default start pointer
 * @param maxDeliveryAttempts the default maximum deliveries
 * @param maxPendingEvents the default maximum unsettled events
 * @param ephemeralInactiveThreshold how long an ephemeral consumer outlives its last
 * subscriber
 */
record ListenerConsumers(Connection connection, WindshiftAdmin admin, DeclaredConsumers declared,
		@Nullable PermissionViolations permissionViolations, Duration processingTimeout, String consumeFrom,
		int maxDeliveryAttempts, int maxPendingEvents, Duration ephemeralInactiveThreshold) {

	/** The priority group of the consumers of ordered listeners. */
	static final String ORDERED_GROUP = "windshift";

	/** The first nats-server version with pinned-client priority groups. */
	static final String PINNED_CLIENT_SERVER_VERSION = "2.11.0";

	/**
	 * The consumer of a listener; one created here holds at least {@code minPending}
	 * unsettled events (a batch listener's batches) unless the listener sets its max
	 * pending events.
	 */
	ListenerConsumer consumer(WindshiftListenerEndpoint endpoint, int minPending) {
		String name = endpoint.consumer();
		ConsumerDefinition declared = (name != null) ? this.declared.find(endpoint.stream(), name) : null;
		String group = pinnedClientGroup(endpoint);
		if (declared != null) {
			if (group != null) {
				declared = declared.toBuilder().pinnedClientGroup(group).build();
			}
			return new ListenerConsumer(this.connection, this.admin, declared, true, this.permissionViolations);
		}
		try {
			int maxDeliveries = orDefault(endpoint.maxDeliveryAttempts(), this.maxDeliveryAttempts);
			ConsumerDefinition.Builder definition = ConsumerDefinition.builder(endpoint.stream())
				.name(name)
				.subjects(endpoint.subjects())
				.processingTimeout(
						(endpoint.processingTimeout() != null) ? endpoint.processingTimeout() : this.processingTimeout)
				.consumeFrom(StreamPointer
					.parse((endpoint.consumeFrom() != null) ? endpoint.consumeFrom() : this.consumeFrom))
				.maxDeliveryAttempts(Math.max(0, maxDeliveries))
				.maxPendingEvents(orDefault(endpoint.maxPendingEvents(), Math.max(this.maxPendingEvents, minPending)))
				.pinnedClientGroup(group);
			if (name == null) {
				definition.inactiveThreshold(this.ephemeralInactiveThreshold);
			}
			return new ListenerConsumer(this.connection, this.admin, definition.build(), false,
					this.permissionViolations);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Invalid listener " + endpoint.describe() + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * The pinned-client group of an ordered listener's consumer: only the pinned instance
	 * receives events, so the order of a key holds across instances.
	 */
	private @Nullable String pinnedClientGroup(WindshiftListenerEndpoint endpoint) {
		if (endpoint.orderBy() == null) {
			return null;
		}
		ServerInfo server = this.connection.getServerInfo();
		if (server != null && server.isOlderThanVersion(PINNED_CLIENT_SERVER_VERSION)) {
			throw new IllegalArgumentException("Invalid listener " + endpoint.describe()
					+ ": orderBy needs nats-server " + PINNED_CLIENT_SERVER_VERSION
					+ " or later (pinned-client priority groups); the server is " + server.getVersion());
		}
		return ORDERED_GROUP;
	}

	private static int orDefault(@Nullable Integer value, int fallback) {
		return (value != null) ? value : fallback;
	}

}
