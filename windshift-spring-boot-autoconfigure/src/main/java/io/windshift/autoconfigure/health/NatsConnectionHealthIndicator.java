package io.windshift.autoconfigure.health;

import io.nats.client.Connection;
import io.nats.client.api.ServerInfo;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the NATS connection: UP while connected, with the server's version and whether JetStream is
 * available; DOWN otherwise, with the connection status. Never shows URLs or credentials.
 */
public class NatsConnectionHealthIndicator extends AbstractHealthIndicator {

	private final Connection connection;

	public NatsConnectionHealthIndicator(Connection connection) {
		super("NATS health check failed");
		this.connection = connection;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Connection.Status status = this.connection.getStatus();
		builder.withDetail("status", status.name());
		if (status != Connection.Status.CONNECTED) {
			builder.down();
			return;
		}
		builder.up();
		ServerInfo info = this.connection.getServerInfo();
		if (info != null) {
			builder.withDetail("version", info.getVersion());
			builder.withDetail("serverName", info.getServerName());
			builder.withDetail("jetStream", info.isJetStreamAvailable());
		}
	}

}
