package io.windshift.autoconfigure.health;

import java.io.IOException;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.api.ServerInfo;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the NATS connection: UP while connected, with the server's version and
 * whether JetStream is available; DOWN otherwise, with the connection status. Never shows
 * URLs or credentials.
 */
public class NatsConnectionHealthIndicator extends AbstractHealthIndicator {

	private final Connection connection;

	private final JetStreamOptions jetStreamOptions;

	public NatsConnectionHealthIndicator(Connection connection) {
		this(connection, JetStreamOptions.DEFAULT_JS_OPTIONS);
	}

	/**
	 * A health indicator that, for a JetStream of another domain or API prefix, also asks
	 * that JetStream to answer (DOWN if it does not: a leaf node cut from its hub, say).
	 * @param connection the NATS connection
	 * @param jetStreamOptions which JetStream the application uses
	 */
	public NatsConnectionHealthIndicator(Connection connection, JetStreamOptions jetStreamOptions) {
		super("NATS health check failed");
		this.connection = connection;
		this.jetStreamOptions = jetStreamOptions;
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
		if (!this.jetStreamOptions.isDefaultPrefix()) {
			checkJetStream(builder);
		}
	}

	/**
	 * Asks the JetStream of the configured domain or prefix for its account information.
	 */
	private void checkJetStream(Health.Builder builder) {
		builder.withDetail("jetStreamApiPrefix", this.jetStreamOptions.getPrefix());
		try {
			this.connection.jetStreamManagement(this.jetStreamOptions).getAccountStatistics();
			builder.withDetail("jetStreamReachable", true);
		}
		catch (IOException | JetStreamApiException | RuntimeException ex) {
			builder.down()
				.withDetail("jetStreamReachable", false)
				.withDetail("jetStreamError", (ex instanceof JetStreamApiException api) ? api.getErrorDescription()
						: String.valueOf(ex.getMessage()));
		}
	}

}
