package io.windshift.test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a test server should look like: auth, TLS, durability and free-form extra
 * configuration. Built fluently and rendered into a nats-server configuration file by
 * {@link NatsServer}.
 */
public final class NatsServerConfig {

	@Nullable String username;

	@Nullable String password;

	@Nullable String token;

	@Nullable String nkeyPublic;

	@Nullable Path tlsCert;

	@Nullable Path tlsKey;

	@Nullable Path tlsCa;

	boolean tlsVerifyClients;

	boolean syncAlways;

	boolean jetStream = true;

	final List<String> extra = new ArrayList<>();

	@Nullable Path binary;

	@Nullable String jetStreamDomain;

	public static NatsServerConfig defaults() {
		return new NatsServerConfig();
	}

	/** Run this nats-server binary instead of the default one (another version, say). */
	public NatsServerConfig binary(Path binary) {
		this.binary = binary;
		return this;
	}

	public NatsServerConfig userPassword(String username, String password) {
		this.username = username;
		this.password = password;
		return this;
	}

	public NatsServerConfig token(String token) {
		this.token = token;
		return this;
	}

	/** Require the given nkey user (public key starting with {@code U}). */
	public NatsServerConfig nkey(String publicKey) {
		this.nkeyPublic = publicKey;
		return this;
	}

	/**
	 * Serve TLS with this certificate and key; {@code ca} is used to verify client
	 * certificates.
	 */
	public NatsServerConfig tls(Path cert, Path key, Path ca, boolean verifyClients) {
		this.tlsCert = cert;
		this.tlsKey = key;
		this.tlsCa = ca;
		this.tlsVerifyClients = verifyClients;
		return this;
	}

	/** fsync every write ({@code sync_interval: always}). */
	public NatsServerConfig syncAlways() {
		this.syncAlways = true;
		return this;
	}

	public NatsServerConfig withoutJetStream() {
		this.jetStream = false;
		return this;
	}

	/** Gives the server's JetStream this domain ({@code jetstream { domain: ... }}). */
	public NatsServerConfig jetStreamDomain(String domain) {
		this.jetStreamDomain = domain;
		return this;
	}

	/**
	 * Adds raw configuration text (for example an {@code authorization} or
	 * {@code accounts} block).
	 */
	public NatsServerConfig extra(String configText) {
		this.extra.add(configText);
		return this;
	}

	boolean tlsEnabled() {
		return this.tlsCert != null;
	}

	String render(String name, int port, int httpPort, Path storeDir, @Nullable String clusterBlock) {
		StringBuilder conf = new StringBuilder();
		conf.append("server_name: \"").append(name).append("\"\n");
		conf.append("listen: \"127.0.0.1:").append(port).append("\"\n");
		conf.append("http: \"127.0.0.1:").append(httpPort).append("\"\n");
		conf.append("max_payload: 1048576\n");
		if (this.jetStream) {
			conf.append("jetstream {\n  store_dir: \"").append(storeDir).append("\"\n");
			conf.append("  max_memory_store: 268435456\n  max_file_store: 2147483648\n");
			if (this.syncAlways) {
				conf.append("  sync_interval: always\n");
			}
			if (this.jetStreamDomain != null) {
				conf.append("  domain: \"").append(this.jetStreamDomain).append("\"\n");
			}
			conf.append("}\n");
		}
		if (this.username != null) {
			conf.append("authorization {\n  user: \"")
				.append(this.username)
				.append("\"\n  password: \"")
				.append(this.password)
				.append("\"\n}\n");
		}
		else if (this.token != null) {
			conf.append("authorization {\n  token: \"").append(this.token).append("\"\n}\n");
		}
		else if (this.nkeyPublic != null) {
			conf.append("authorization {\n  users: [ { nkey: \"").append(this.nkeyPublic).append("\" } ]\n}\n");
		}
		if (tlsEnabled()) {
			conf.append("tls {\n  cert_file: \"")
				.append(this.tlsCert)
				.append("\"\n  key_file: \"")
				.append(this.tlsKey)
				.append("\"\n");
			if (this.tlsCa != null) {
				conf.append("  ca_file: \"").append(this.tlsCa).append("\"\n");
			}
			if (this.tlsVerifyClients) {
				conf.append("  verify: true\n");
			}
			conf.append("  timeout: 5\n}\n");
		}
		if (clusterBlock != null) {
			conf.append(clusterBlock);
		}
		for (String text : this.extra) {
			conf.append(text).append('\n');
		}
		return conf.toString();
	}

}
