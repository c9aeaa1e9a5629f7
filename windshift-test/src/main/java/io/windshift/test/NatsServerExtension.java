package io.windshift.test;

import java.util.function.Supplier;

import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.jspecify.annotations.Nullable;

/**
 * One {@link NatsServer} per test class. Register it on a static field: <pre>
 * &#64;RegisterExtension
 * static final NatsServerExtension nats = NatsServerExtension.create();
 * </pre> The server starts before the class's own {@code @BeforeAll} methods and is
 * killed and its store deleted after its {@code @AfterAll} methods. {@link #connection()}
 * opens a client connection for test setup on first use and closes it, before the server,
 * after all tests.
 */
public final class NatsServerExtension implements BeforeAllCallback, AfterAllCallback {

	private final Supplier<NatsServerConfig> config;

	private final Connector connector;

	private int depth;

	private @Nullable NatsServer server;

	private @Nullable Connection connection;

	private NatsServerExtension(Supplier<NatsServerConfig> config, Connector connector) {
		this.config = config;
		this.connector = connector;
	}

	/** A JetStream server with default settings. */
	public static NatsServerExtension create() {
		return create(NatsServerConfig::defaults);
	}

	/** A server with the given settings. */
	public static NatsServerExtension create(NatsServerConfig config) {
		return create(() -> config);
	}

	/** A server with settings made when the class starts. */
	public static NatsServerExtension create(Supplier<NatsServerConfig> config) {
		return new NatsServerExtension(config, Nats::connect);
	}

	/**
	 * A copy whose {@link #connection()} is opened by the given connector (for example
	 * with reconnect options).
	 */
	public NatsServerExtension connectWith(Connector connector) {
		return new NatsServerExtension(this.config, connector);
	}

	@Override
	public synchronized void beforeAll(ExtensionContext context) {
		// @Nested classes see the enclosing class's extension again: keep the one server
		if (this.depth++ == 0) {
			this.server = NatsServer.start(this.config.get());
		}
	}

	@Override
	public synchronized void afterAll(ExtensionContext context) throws Exception {
		if (--this.depth > 0) {
			return;
		}
		try {
			if (this.connection != null) {
				this.connection.close();
			}
		}
		finally {
			this.connection = null;
			NatsServer started = this.server;
			this.server = null;
			if (started != null) {
				started.close();
			}
		}
	}

	/** The running server. */
	public synchronized NatsServer server() {
		if (this.server == null) {
			throw new IllegalStateException(
					"NatsServerExtension is not started: register it with " + "@RegisterExtension on a static field");
		}
		return this.server;
	}

	/** The server's client URL. */
	public String url() {
		return server().url();
	}

	/**
	 * A client connection to the server for test setup, opened on first use and closed
	 * after all tests.
	 * @throws IllegalStateException if it cannot be opened
	 */
	public synchronized Connection connection() {
		if (this.connection == null) {
			try {
				this.connection = this.connector.connect(url());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while connecting to " + this.server, ex);
			}
			catch (Exception ex) {
				throw new IllegalStateException("Could not connect to " + this.server, ex);
			}
		}
		return this.connection;
	}

	/** Opens the connection returned by {@link #connection()}. */
	@FunctionalInterface
	public interface Connector {

		Connection connect(String url) throws Exception;

	}

}
