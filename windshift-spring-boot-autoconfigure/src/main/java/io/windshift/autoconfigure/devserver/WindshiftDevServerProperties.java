package io.windshift.autoconfigure.devserver;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the local development server ({@code windshift.dev-server.*}): a
 * {@code nats-server} with JetStream that the starter runs when no server is reachable at
 * the configured address.
 */
@ConfigurationProperties("windshift.dev-server")
public class WindshiftDevServerProperties {

	/**
	 * Whether to start a local nats-server (with JetStream) when no server is reachable
	 * at windshift.nats.servers. For development only.
	 */
	private boolean enabled;

	/**
	 * The nats-server executable. Defaults to nats-server on the PATH, then the project's
	 * script cache (~/.cache/windshift/nats-server/SUITE/root/usr/sbin/nats-server, as
	 * scripts/nats-server.sh installs it).
	 */
	private @Nullable Path binary;

	/**
	 * Port of the local server. Defaults to the port of the first configured server when
	 * that one is on this machine, otherwise to a free port.
	 */
	private @Nullable Integer port;

	/**
	 * JetStream store directory of the local server. Defaults to a temporary directory
	 * that is deleted when the server stops.
	 */
	private @Nullable Path storeDir;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable Path getBinary() {
		return this.binary;
	}

	public void setBinary(@Nullable Path binary) {
		this.binary = binary;
	}

	public @Nullable Integer getPort() {
		return this.port;
	}

	public void setPort(@Nullable Integer port) {
		this.port = port;
	}

	public @Nullable Path getStoreDir() {
		return this.storeDir;
	}

	public void setStoreDir(@Nullable Path storeDir) {
		this.storeDir = storeDir;
	}

}
