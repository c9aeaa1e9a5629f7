package io.windshift.autoconfigure;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.api.ServerInfo;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Logs the connection's events with the server they concern (never its credentials): a disconnect and a lame
 * duck server at WARN, a reconnect, newly discovered servers and the close at INFO; then hands each event to the
 * application's own listener, if any.
 */
final class ConnectionEventLogger implements ConnectionListener {

	private static final Log logger = LogFactory.getLog(ConnectionEventLogger.class);

	private final @Nullable ConnectionListener delegate;

	ConnectionEventLogger(@Nullable ConnectionListener delegate) {
		this.delegate = delegate;
	}

	@Override
	public void connectionEvent(Connection connection, Events type) {
		String server = server(connection);
		switch (type) {
			case DISCONNECTED -> logger.warn("Disconnected from NATS server " + server + "; reconnecting");
			case RECONNECTED -> logger.info("Reconnected to NATS server " + server + version(connection));
			case DISCOVERED_SERVERS -> logger.info("NATS server " + server + " announced servers "
					+ NatsServerUrls.redact(connection.getServers().stream().toList()));
			case LAME_DUCK -> logger.warn("NATS server " + server
					+ " entered lame duck mode (it is shutting down); the connection moves to another server");
			case CLOSED -> logger.info("NATS connection closed");
			default -> logger.debug("NATS connection event " + type + " on server " + server);
		}
		if (this.delegate != null) {
			this.delegate.connectionEvent(connection, type);
		}
	}

	/** The server the connection uses, without user information; {@code "(none)"} when disconnected. */
	static String server(Connection connection) {
		String url = connection.getConnectedUrl();
		return (url != null) ? NatsServerUrls.redact(url) : "(none)";
	}

	/** {@code " (name, version x)"} of the server the connection uses, or empty. */
	static String version(Connection connection) {
		ServerInfo info = connection.getServerInfo();
		return (info != null) ? " (" + info.getServerName() + ", version " + info.getVersion() + ")" : "";
	}

}
