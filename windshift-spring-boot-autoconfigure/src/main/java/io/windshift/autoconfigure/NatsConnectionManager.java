package io.windshift.autoconfigure;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import io.nats.client.AuthenticationException;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;

import io.windshift.events.WindshiftException;

/**
 * Owns the auto-configured jnats connection: connects at startup (failing with a message
 * that names the servers, never credentials) or in the background, and drains before
 * closing when the context closes. The {@link Connection} bean depends on this one, so
 * every bean that uses the connection is destroyed before it is drained.
 */
final class NatsConnectionManager implements DisposableBean {

	private static final Log logger = LogFactory.getLog(NatsConnectionManager.class);

	private final Connection connection;

	private final Duration drainTimeout;

	private NatsConnectionManager(Connection connection, Duration drainTimeout) {
		this.connection = connection;
		this.drainTimeout = drainTimeout;
	}

	Connection getConnection() {
		return this.connection;
	}

	/**
	 * Connects, trying every server once.
	 * @throws WindshiftException when no server accepts the connection
	 */
	static NatsConnectionManager connect(Options options, List<String> servers, Duration drainTimeout) {
		String where = NatsServerUrls.redact(servers);
		// jnats reports why each attempt failed (an untrusted certificate, say) only to
		// its error listener;
		// a bare timeout of a later attempt does not hide a more telling earlier reason
		AtomicReference<Exception> lastError = new AtomicReference<>();
		Options recording = new Options.Builder(options)
			.errorListener(new ConnectionCapturingErrorListener(options.getErrorListener(), (connection) -> {
			}, (ex) -> lastError.accumulateAndGet(ex,
					(earlier, later) -> (earlier != null && isTimeout(later)) ? earlier : later)))
			.connectionListener(new ConnectionEventLogger(options.getConnectionListener()))
			.build();
		try {
			Connection connection = Nats.connect(recording);
			logger.info("Connected to NATS server " + ConnectionEventLogger.server(connection)
					+ ConnectionEventLogger.version(connection) + " of " + where);
			return new NatsConnectionManager(connection, drainTimeout);
		}
		catch (AuthenticationException ex) {
			throw new WindshiftException("NATS server at " + where + " rejected the credentials (" + describe(ex)
					+ "); check windshift.nats.username/password, token, nkey or credentials");
		}
		catch (IOException ex) {
			String message = "Could not connect to NATS at " + where + " (connection timeout "
					+ options.getConnectionTimeout().toMillis() + " ms per server): " + describe(ex)
					+ lastErrorText(lastError.get())
					+ ". Check windshift.nats.servers, or set windshift.nats.connect-in-background=true to start "
					+ "without a server and connect once one is reachable";
			// a cause that may carry user information from the URLs is left out
			throw NatsServerUrls.anyHasUserInfo(servers) ? new WindshiftException(message)
					: new WindshiftException(message, ex, true);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new WindshiftException("Interrupted while connecting to NATS at " + where, ex);
		}
	}

	/**
	 * Returns as soon as jnats has created the connection; jnats keeps trying every
	 * server (within max-reconnects) until one accepts it.
	 */
	static NatsConnectionManager connectInBackground(Options options, List<String> servers, Duration drainTimeout) {
		String where = NatsServerUrls.redact(servers);
		CompletableFuture<Connection> created = new CompletableFuture<>();
		Options capturing = new Options.Builder(options)
			.errorListener(new ConnectionCapturingErrorListener(options.getErrorListener(), created::complete))
			.connectionListener(new ConnectionEventLogger((connection, event) -> {
				if (event == ConnectionListener.Events.CONNECTED) {
					logger.info("Connected to NATS server " + ConnectionEventLogger.server(connection)
							+ ConnectionEventLogger.version(connection) + " of " + where);
				}
				created.complete(connection);
				if (options.getConnectionListener() != null) {
					options.getConnectionListener().connectionEvent(connection, event);
				}
			}))
			.build();
		logger.info("Connecting to NATS at " + where + " in the background (windshift.nats.connect-in-background)");
		try {
			Nats.connectAsynchronously(capturing, true);
			Duration wait = options.getConnectionTimeout()
				.multipliedBy(Math.max(2, servers.size() * 2L))
				.plusSeconds(5);
			return new NatsConnectionManager(created.get(wait.toMillis(), TimeUnit.MILLISECONDS), drainTimeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new WindshiftException("Interrupted while connecting to NATS at " + where, ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new WindshiftException("Could not create the NATS connection to " + where + ": " + describe(ex));
		}
	}

	/**
	 * Drains subscriptions and pending publishes (up to the drain timeout), then closes.
	 */
	@Override
	public void destroy() {
		if (this.connection.getStatus() == Connection.Status.CONNECTED) {
			try {
				this.connection.drain(this.drainTimeout)
					.get(this.drainTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (TimeoutException | ExecutionException | RuntimeException ex) {
				logger.warn("Could not drain the NATS connection within " + this.drainTimeout + ": " + describe(ex));
			}
		}
		try {
			this.connection.close();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static boolean isTimeout(Throwable ex) {
		for (Throwable current = ex; current != null; current = current.getCause()) {
			if (current instanceof TimeoutException || current instanceof java.net.SocketTimeoutException) {
				return true;
			}
		}
		return false;
	}

	private static String lastErrorText(@Nullable Exception lastError) {
		Throwable reason = lastError;
		while (reason != null && reason.getCause() != null
				&& (reason instanceof ExecutionException || reason instanceof CompletionException)) {
			reason = reason.getCause();
		}
		return (reason != null) ? "; last error: " + describe(reason) : "";
	}

	/** The exception's type and message, with user information in URLs redacted. */
	static String describe(Throwable ex) {
		String message = ex.getMessage();
		return ex.getClass().getSimpleName()
				+ ((message != null) ? ": " + message.replaceAll("(\\w+://)[^\\s@,\\]/]*@", "$1***@") : "");
	}

	@Override
	public String toString() {
		return "NatsConnectionManager[" + this.connection.getStatus() + "]";
	}

}
