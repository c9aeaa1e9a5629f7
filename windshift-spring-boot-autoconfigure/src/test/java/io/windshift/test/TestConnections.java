package io.windshift.test;

import java.time.Duration;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;

/**
 * Connections of the tests to the harness's servers: with a connect timeout of 10 s
 * instead of jnats' 2 s, since a server that has just started on a loaded machine (two
 * cores shared with other test JVMs and servers) can take longer than that to answer.
 */
public final class TestConnections {

	/** How long a test waits for a server to answer its connect. */
	public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

	private TestConnections() {
	}

	/** Connects to a server URL (or a comma-separated list of them). */
	public static Connection connect(String url) throws Exception {
		return Nats.connect(Options.builder().server(url).connectionTimeout(CONNECT_TIMEOUT).build());
	}

}
