package io.windshift.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * Settings of the NATS connection ({@code windshift.nats.*}). Secrets (password, token,
 * nkey seed, credentials) are never part of {@link #toString()} and are masked by the
 * actuator endpoints.
 */
@ConfigurationProperties("windshift.nats")
public class WindshiftNatsProperties {

	/**
	 * NATS server URLs to connect to, for example tls://nats.example.com:4222. Defaults
	 * to nats://localhost:4222.
	 */
	private List<String> servers = new ArrayList<>(List.of("nats://localhost:4222"));

	/**
	 * Name of the connection as the server shows it. Defaults to spring.application.name.
	 */
	private @Nullable String connectionName;

	/**
	 * User name for user/password authentication. Requires a password.
	 */
	private @Nullable String username;

	/**
	 * Password for user/password authentication.
	 */
	private @Nullable String password;

	/**
	 * Token for token authentication.
	 */
	private @Nullable String token;

	/**
	 * Seed of the NKey (starting with SU) for nkey authentication.
	 */
	private @Nullable String nkey;

	/**
	 * Location of a .creds file (user JWT and nkey seed) for decentralized JWT
	 * authentication, for example file:/etc/nats/user.creds.
	 */
	private @Nullable Resource credentials;

	/**
	 * Time to wait for a connection to a server, TLS handshake included.
	 */
	private Duration connectionTimeout = Duration.ofSeconds(2);

	/**
	 * Time to wait between two reconnect attempts to the same server.
	 */
	private Duration reconnectWait = Duration.ofSeconds(2);

	/**
	 * Maximum number of reconnect attempts after the connection is lost. -1 keeps trying
	 * forever.
	 */
	private int maxReconnects = -1;

	/**
	 * Interval between pings to the server, used to detect a dead connection.
	 */
	private Duration pingInterval = Duration.ofMinutes(2);

	/**
	 * Whether the application starts even when no server can be reached, connecting in
	 * the background. When false, an unreachable server fails startup.
	 */
	private boolean connectInBackground;

	/**
	 * Maximum time to drain subscriptions and pending publishes when the application
	 * context closes.
	 */
	private Duration drainTimeout = Duration.ofSeconds(10);

	private final Ssl ssl = new Ssl();

	private final Jetstream jetstream = new Jetstream();

	public List<String> getServers() {
		return this.servers;
	}

	public void setServers(List<String> servers) {
		this.servers = servers;
	}

	public @Nullable String getConnectionName() {
		return this.connectionName;
	}

	public void setConnectionName(@Nullable String connectionName) {
		this.connectionName = connectionName;
	}

	public @Nullable String getUsername() {
		return this.username;
	}

	public void setUsername(@Nullable String username) {
		this.username = username;
	}

	public @Nullable String getPassword() {
		return this.password;
	}

	public void setPassword(@Nullable String password) {
		this.password = password;
	}

	public @Nullable String getToken() {
		return this.token;
	}

	public void setToken(@Nullable String token) {
		this.token = token;
	}

	public @Nullable String getNkey() {
		return this.nkey;
	}

	public void setNkey(@Nullable String nkey) {
		this.nkey = nkey;
	}

	public @Nullable Resource getCredentials() {
		return this.credentials;
	}

	public void setCredentials(@Nullable Resource credentials) {
		this.credentials = credentials;
	}

	public Duration getConnectionTimeout() {
		return this.connectionTimeout;
	}

	public void setConnectionTimeout(Duration connectionTimeout) {
		this.connectionTimeout = connectionTimeout;
	}

	public Duration getReconnectWait() {
		return this.reconnectWait;
	}

	public void setReconnectWait(Duration reconnectWait) {
		this.reconnectWait = reconnectWait;
	}

	public int getMaxReconnects() {
		return this.maxReconnects;
	}

	public void setMaxReconnects(int maxReconnects) {
		this.maxReconnects = maxReconnects;
	}

	public Duration getPingInterval() {
		return this.pingInterval;
	}

	public void setPingInterval(Duration pingInterval) {
		this.pingInterval = pingInterval;
	}

	public boolean isConnectInBackground() {
		return this.connectInBackground;
	}

	public void setConnectInBackground(boolean connectInBackground) {
		this.connectInBackground = connectInBackground;
	}

	public Duration getDrainTimeout() {
		return this.drainTimeout;
	}

	public void setDrainTimeout(Duration drainTimeout) {
		this.drainTimeout = drainTimeout;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	public Jetstream getJetstream() {
		return this.jetstream;
	}

	@Override
	public String toString() {
		return "WindshiftNatsProperties[servers=" + NatsServerUrls.redact(this.servers) + ", connectionName="
				+ this.connectionName + ", username=" + this.username + ", ssl.bundle=" + this.ssl.getBundle() + "]";
	}

	/**
	 * TLS settings.
	 */
	public static class Ssl {

		/**
		 * Name of the Spring Boot SSL bundle (spring.ssl.bundle.*) to connect with TLS.
		 * Its trust material verifies the server; its key material, if any, authenticates
		 * the client (mutual TLS).
		 */
		private @Nullable String bundle;

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

	}

	/**
	 * Which JetStream the application uses: the one of the server it is connected to, or
	 * another's.
	 */
	public static class Jetstream {

		/**
		 * JetStream domain to use, such as the hub's from a leaf node. Streams,
		 * consumers, publishing and listeners all go through it. Absent for the connected
		 * server's own JetStream.
		 */
		private @Nullable String domain;

		/**
		 * JetStream API prefix to use instead of $JS.API, such as one imported from
		 * another account. Exclusive with domain.
		 */
		private @Nullable String apiPrefix;

		public @Nullable String getDomain() {
			return this.domain;
		}

		public void setDomain(@Nullable String domain) {
			this.domain = domain;
		}

		public @Nullable String getApiPrefix() {
			return this.apiPrefix;
		}

		public void setApiPrefix(@Nullable String apiPrefix) {
			this.apiPrefix = apiPrefix;
		}

	}

}
