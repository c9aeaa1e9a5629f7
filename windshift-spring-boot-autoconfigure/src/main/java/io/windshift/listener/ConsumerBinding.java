package io.windshift.listener;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

import io.nats.client.ConsumerContext;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.windshift.events.PermissionDeniedException;
import io.windshift.events.WindshiftException;

/**
 * A container's hold on its consumer: binds it, checks it, recreates it when the server
 * lost it, and keeps the settings the container needs from the server's view (processing
 * timeout, maximum deliveries).
 */
final class ConsumerBinding {

	private static final Log logger = LogFactory.getLog(ConsumerBinding.class);

	private final String listenerId;

	private final ListenerConsumer consumer;

	private volatile @Nullable ConsumerContext context;

	private volatile long maxDeliveries = -1;

	private volatile long maxAckPending = -1;

	private volatile long maxBatch = -1;

	private volatile @Nullable Duration maxExpires;

	private volatile long maxRequestBytes = -1;

	private volatile Duration processingTimeout;

	private volatile @Nullable ConsumerInfo lastInfo;

	private int failures;

	private long checkedAt = System.nanoTime();

	private boolean deniedLogged;

	ConsumerBinding(String listenerId, ListenerConsumer consumer) {
		this.listenerId = listenerId;
		this.consumer = consumer;
		this.processingTimeout = consumer.definition().processingTimeout();
	}

	/** The bound consumer, or {@code null} while unbound. */
	@Nullable ConsumerContext context() {
		return this.context;
	}

	/** The consumer's maximum deliveries of an event; zero or less for unlimited. */
	long maxDeliveries() {
		return this.maxDeliveries;
	}

	/**
	 * The consumer's max pending events (max ack pending); zero or less for unlimited.
	 */
	long maxAckPending() {
		return this.maxAckPending;
	}

	/**
	 * The most events one pull request may ask for (the consumer's max batch); zero or
	 * less for no limit.
	 */
	long maxBatch() {
		return this.maxBatch;
	}

	/**
	 * The most bytes one pull request may ask for (the consumer's max bytes); zero or
	 * less for no limit.
	 */
	long maxRequestBytes() {
		return this.maxRequestBytes;
	}

	/**
	 * The longest a pull request may wait (the consumer's max expires), or {@code null}
	 * for no limit.
	 */
	@Nullable Duration maxExpires() {
		return this.maxExpires;
	}

	/**
	 * The pinned-client priority group the consumer's pulls belong to, or {@code null}.
	 */
	@Nullable String pinnedClientGroup() {
		return this.consumer.definition().pinnedClientGroup();
	}

	/**
	 * Gives up the pin of the consumer's pinned-client group (at stop, once nothing is
	 * held any more), so that another instance takes over at once instead of after the
	 * pin timeout.
	 */
	void unpin() {
		String group = pinnedClientGroup();
		String name = consumerName();
		if (group == null || name == null) {
			return;
		}
		try {
			this.consumer.connection().jetStreamManagement().unpinConsumer(stream(), name, group);
		}
		catch (IOException | JetStreamApiException | RuntimeException ex) {
			logger.debug("Listener '" + this.listenerId + "' could not unpin " + describe() + ": " + ex);
		}
	}

	/** The consumer's processing timeout (ack wait), as the server has it. */
	Duration processingTimeout() {
		return this.processingTimeout;
	}

	String stream() {
		return this.consumer.stream();
	}

	/** Which JetStream (domain, API prefix) the consumer is in. */
	io.nats.client.JetStreamOptions jetStreamOptions() {
		return this.consumer.jetStreamOptions();
	}

	/** The connection the consumer is used on. */
	io.nats.client.Connection connection() {
		return this.consumer.connection();
	}

	/**
	 * The consumer's name (the server's name for an ephemeral one), or {@code null} if
	 * unknown.
	 */
	@Nullable String consumerName() {
		ConsumerContext current = this.context;
		return (current != null) ? current.getConsumerName() : this.consumer.name();
	}

	String describe() {
		return this.consumer.describe();
	}

	/** The consumer's definition. */
	io.windshift.consumers.ConsumerDefinition definition() {
		return this.consumer.definition();
	}

	/**
	 * Binds the consumer, reusing the ephemeral consumer of an earlier start if it still
	 * exists.
	 * @return whether it is bound; {@code false} if the server did not answer (bind later
	 * with {@link #check()})
	 * @throws WindshiftException if it cannot be bound for good
	 */
	boolean bind() {
		if (reuseEphemeral()) {
			return true;
		}
		try {
			use(this.consumer.bind());
			return true;
		}
		catch (WindshiftException ex) {
			if (!ex.isRetryable()) {
				throw ex;
			}
			this.context = null;
			logger.warn("Listener '" + this.listenerId + "' starts recovering: " + ex.getMessage());
			return false;
		}
	}

	private boolean reuseEphemeral() {
		ConsumerContext previous = this.context;
		if (previous == null || this.consumer.name() != null) {
			return false;
		}
		try {
			update(previous.getConsumerInfo());
			return true;
		}
		catch (IOException | JetStreamApiException | RuntimeException ex) {
			return false;
		}
	}

	/**
	 * Checks the consumer; binds it if unbound and recreates it if the server lost it.
	 * @return {@code null} if it is usable, otherwise why not
	 */
	@Nullable String check() {
		ConsumerContext current = this.context;
		if (current == null) {
			return retry("bound", this.consumer::bind);
		}
		long since = this.checkedAt;
		this.checkedAt = System.nanoTime();
		try {
			update(current.getConsumerInfo());
			this.failures = 0;
			// a pull request the user may not make is refused only through the
			// connection's error listener
			String denied = this.consumer.denial(since);
			if (denied != null) {
				String message = "Listener '" + this.listenerId + "': " + describe() + ": " + denied;
				if (!this.deniedLogged) {
					this.deniedLogged = true;
					logger.error(message);
				}
				return message;
			}
			this.deniedLogged = false;
			return null;
		}
		catch (JetStreamApiException ex) {
			if (ex.getApiErrorCode() == ListenerConsumer.CONSUMER_NOT_FOUND) {
				logger.warn("Listener '" + this.listenerId + "': " + describe() + " no longer exists; recreating it");
				return retry("recreated", this.consumer::recreate);
			}
			return ex.getErrorDescription();
		}
		catch (IOException | RuntimeException ex) {
			return ex.getMessage();
		}
	}

	private @Nullable String retry(String action, java.util.function.Supplier<ConsumerContext> binding) {
		try {
			use(binding.get());
			logger.info("Listener '" + this.listenerId + "' " + action + " " + describe());
			this.failures = 0;
			return null;
		}
		catch (RuntimeException ex) {
			String message = "Listener '" + this.listenerId + "': " + ex.getMessage() + "; retrying";
			if (this.failures++ == 0) {
				if (ex instanceof PermissionDeniedException) {
					logger.error(message);
				}
				else {
					logger.warn(message);
				}
			}
			else {
				logger.debug(message);
			}
			return ex.getMessage();
		}
	}

	/**
	 * Pushes pending fire-and-forget settle calls to the server (at stop), waiting at
	 * most {@code timeout}.
	 */
	void flush(Duration timeout) {
		this.consumer.flush(timeout);
	}

	/** Deletes an ephemeral consumer (at shutdown); a durable one stays. */
	void release() {
		ConsumerContext current = this.context;
		if (current != null && this.consumer.name() == null) {
			try {
				this.consumer.delete(Objects.requireNonNull(current.getConsumerName(), "consumer name"));
			}
			catch (RuntimeException ex) {
				logger.debug("Could not delete the ephemeral consumer of listener '" + this.listenerId + "': " + ex);
			}
			this.context = null;
		}
	}

	private void use(ConsumerContext bound) {
		update(bound.getCachedConsumerInfo());
		this.context = bound;
	}

	/**
	 * The consumer as the server last described it (at binding or the last check), or
	 * {@code null}.
	 */
	@Nullable ConsumerInfo lastInfo() {
		return this.lastInfo;
	}

	private void update(@Nullable ConsumerInfo info) {
		if (info == null) {
			return;
		}
		this.lastInfo = info;
		ConsumerConfiguration configuration = info.getConsumerConfiguration();
		this.maxDeliveries = configuration.getMaxDeliver();
		this.maxAckPending = configuration.getMaxAckPending();
		this.maxBatch = configuration.getMaxBatch();
		this.maxRequestBytes = configuration.getMaxBytes();
		Duration expires = configuration.getMaxExpires();
		this.maxExpires = (expires != null && !expires.isZero() && !expires.isNegative()) ? expires : null;
		Duration wait = configuration.getAckWait();
		if (wait != null && !wait.isZero() && !wait.isNegative()) {
			this.processingTimeout = wait;
		}
	}

}
