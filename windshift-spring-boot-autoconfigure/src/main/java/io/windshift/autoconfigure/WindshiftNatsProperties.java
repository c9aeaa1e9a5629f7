package io.windshift.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the NATS connection ({@code windshift.nats.*}).
 */
@ConfigurationProperties("windshift.nats")
public class WindshiftNatsProperties {

	/**
	 * NATS server URLs to connect to.
	 */
	private List<String> servers = new ArrayList<>(List.of("nats://localhost:4222"));

	/**
	 * Name of the connection as the server shows it. Defaults to spring.application.name.
	 */
	private @Nullable String connectionName;

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

}
