package io.windshift.autoconfigure;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.api.ServerInfo;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Logs the connection's events with the server they concern (never its credentials): a
 * disconnect and a lame duck server at WARN, a reconnect, newly discovered servers and
 * the close at INFO; then hands each event to the application's own listener, if any.
 */
final class ConnectionEventLogger implements ConnectionListener {

	private static final Log logger = LogFactory.getLog(ConnectionEventLogger.class);

	private final @Nullable ConnectionListener delegate;

	private volatile @Nullable String lastServer;

	private volatile boolean disconnected;

	ConnectionEventLogger(@Nullable ConnectionListener delegate) {
		this.delegate = delegate;
	}

	@Override
	public void connectionEvent(Connection connection, Events type) {
		log(connection, type);
		if (this.delegate != null) {
			this.delegate.connectionEvent(connection, type);
		}
	}

	private void log(Connection connection, Events type) {
		String server = server(connection);
		switch (type) {
			case CONNECTED -> {
				this.lastServer = server;
				logger.debug("Connected to NATS server " + server);
			}
			case DISCONNECTED -> {
				// jnats reports every failed reconnect attempt too: one WARN per outage
				String last = this.lastServer;
				if (last != null && !this.disconnected) {
					this.disconnected = true;
					logger.warn("Disconnected from NATS server " + last + "; reconnecting");
				}
				else {
					logger.debug("No NATS server reached yet; retrying");
				}
			}
			case RECONNECTED -> {
				this.lastServer = server;
				this.disconnected = false;
				logger.info("Reconnected to NATS server " + server + version(connection));
			}
			case DISCOVERED_SERVERS -> logger.info("NATS server " + server + " announced servers "
					+ NatsServerUrls.redact(connection.getServers().stream().toList()));
			case LAME_DUCK -> logger.warn("NATS server " + server
					+ " entered lame duck mode (it is shutting down); the connection moves to another server");
			case CLOSED -> logger.info("NATS connection closed");
			default -> logger.debug("NATS connection event " + type + " on server " + server);
		}
	}

	/**
	 * The server the connection uses, without user information; {@code "(none)"} when
	 * disconnected.
	 */
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
