package io.windshift.autoconfigure;

import java.io.IOException;
import java.util.function.Consumer;

import javax.net.ssl.SSLException;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.impl.ErrorListenerLoggerImpl;
import io.nats.client.support.Status;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * An {@link ErrorListener} that hands the first {@link Connection} it sees to a callback
 * and otherwise delegates everything. jnats creates a connection asynchronously and
 * reveals it only through its listeners; this is how a background connection becomes a
 * bean. I/O failures (expected when a server goes away, and logged as connection events)
 * skip jnats' default logger, which reports them at SEVERE.
 */
final class ConnectionCapturingErrorListener implements ErrorListener {

	private static final Log logger = LogFactory.getLog(ConnectionCapturingErrorListener.class);

	private final ErrorListener delegate;

	private final Consumer<Connection> capture;

	private final Consumer<Exception> exceptions;

	private final Consumer<String> errors;

	ConnectionCapturingErrorListener(ErrorListener delegate, Consumer<Connection> capture) {
		this(delegate, capture, (ex) -> {
		});
	}

	/**
	 * Also hands every exception jnats reports (a failed TLS handshake, say) to
	 * {@code exceptions}.
	 */
	ConnectionCapturingErrorListener(ErrorListener delegate, Consumer<Connection> capture,
			Consumer<Exception> exceptions) {
		this(delegate, capture, exceptions, (error) -> {
		});
	}

	/** Also hands every error text the server sends ({@code -ERR}) to {@code errors}. */
	ConnectionCapturingErrorListener(ErrorListener delegate, Consumer<Connection> capture,
			Consumer<Exception> exceptions, Consumer<String> errors) {
		this.delegate = delegate;
		this.capture = capture;
		this.exceptions = exceptions;
		this.errors = errors;
	}

	private void seen(Connection connection) {
		if (connection != null) {
			this.capture.accept(connection);
		}
	}

	@Override
	public void errorOccurred(Connection conn, String error) {
		seen(conn);
		if (error != null) {
			this.errors.accept(error);
		}
		this.delegate.errorOccurred(conn, error);
	}

	@Override
	public void exceptionOccurred(Connection conn, Exception exp) {
		seen(conn);
		if (exp != null) {
			this.exceptions.accept(exp);
		}
		if (this.delegate instanceof ErrorListenerLoggerImpl && exp instanceof IOException
				&& !(exp instanceof SSLException)) {
			// an expected disconnect (the server went away): logged as a connection event
			// at WARN, in one line;
			// TLS failures (an untrusted certificate, say) still reach jnats' logger
			logger.debug("NATS connection I/O failure", exp);
			return;
		}
		this.delegate.exceptionOccurred(conn, exp);
	}

	@Override
	public void slowConsumerDetected(Connection conn, io.nats.client.Consumer consumer) {
		this.delegate.slowConsumerDetected(conn, consumer);
	}

	@Override
	public void messageDiscarded(Connection conn, Message msg) {
		this.delegate.messageDiscarded(conn, msg);
	}

	@Override
	public void heartbeatAlarm(Connection conn, JetStreamSubscription sub, long lastStreamSequence,
			long lastConsumerSequence) {
		this.delegate.heartbeatAlarm(conn, sub, lastStreamSequence, lastConsumerSequence);
	}

	@Override
	public void unhandledStatus(Connection conn, JetStreamSubscription sub, Status status) {
		this.delegate.unhandledStatus(conn, sub, status);
	}

	@Override
	public void pullStatusWarning(Connection conn, JetStreamSubscription sub, Status status) {
		this.delegate.pullStatusWarning(conn, sub, status);
	}

	@Override
	public void pullStatusError(Connection conn, JetStreamSubscription sub, Status status) {
		this.delegate.pullStatusError(conn, sub, status);
	}

	@Override
	public void flowControlProcessed(Connection conn, JetStreamSubscription sub, String subject,
			FlowControlSource source) {
		this.delegate.flowControlProcessed(conn, sub, subject, source);
	}

	@Override
	public void socketWriteTimeout(Connection conn) {
		this.delegate.socketWriteTimeout(conn);
	}

	@Override
	public String supplyMessage(String label, Connection conn, io.nats.client.Consumer consumer, Subscription sub,
			Object... pairs) {
		return this.delegate.supplyMessage(label, conn, consumer, sub, pairs);
	}

}
