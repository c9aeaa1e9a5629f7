package io.windshift.listener;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.api.ConsumerInfo;
import org.jspecify.annotations.Nullable;

import io.windshift.admin.WindshiftAdmin;
import io.windshift.consumers.ConsumerDefinition;
import io.windshift.events.PermissionDeniedException;
import io.windshift.events.PermissionViolations;
import io.windshift.events.WindshiftException;

/**
 * The consumer a container reads from: a declared durable (bean or configuration; bound
 * as it is), or one ensured from the listener's settings (a durable by name, or an
 * ephemeral one). Either is recreated from its definition when the server lost it.
 */
final class ListenerConsumer {

	/** The JetStream API error code for "consumer not found". */
	static final int CONSUMER_NOT_FOUND = 10014;

	private final Connection connection;

	private final WindshiftAdmin admin;

	private final ConsumerDefinition definition;

	private final boolean declared;

	private final @Nullable PermissionViolations violations;

	/**
	 * @param connection the connection to consume on
	 * @param admin ensures the consumer
	 * @param definition the declared definition, or the one made from the listener's
	 * settings
	 * @param declared whether the definition is declared elsewhere (then an existing
	 * consumer is bound as it is)
	 * @param violations the permission violations the server reports on the connection,
	 * if known
	 */
	ListenerConsumer(Connection connection, WindshiftAdmin admin, ConsumerDefinition definition, boolean declared,
			@Nullable PermissionViolations violations) {
		this.connection = connection;
		this.admin = admin;
		this.definition = definition;
		this.declared = declared;
		this.violations = violations;
	}

	String stream() {
		return this.definition.stream();
	}

	Connection connection() {
		return this.connection;
	}

	/** Which JetStream (domain, API prefix) the consumer is in. */
	JetStreamOptions jetStreamOptions() {
		return this.admin.getJetStreamOptions();
	}

	/** The durable name, or {@code null} for an ephemeral consumer. */
	@Nullable String name() {
		return this.definition.name().orElse(null);
	}

	ConsumerDefinition definition() {
		return this.definition;
	}

	/**
	 * The same consumer under another durable name (a partition's of a partitioned
	 * listener).
	 */
	ListenerConsumer named(String name) {
		return new ListenerConsumer(this.connection, this.admin, this.definition.toBuilder().name(name).build(),
				this.declared, this.violations);
	}

	/**
	 * Binds to the consumer: ensures it unless it is declared elsewhere and exists (an
	 * ordered listener's is ensured either way: it needs its pinned-client group).
	 */
	ConsumerContext bind() {
		String name = name();
		if (this.declared && name != null && this.definition.pinnedClientGroup() == null) {
			long start = System.nanoTime();
			try {
				return this.connection.getConsumerContext(stream(), name, jetStreamOptions());
			}
			catch (JetStreamApiException ex) {
				if (ex.getApiErrorCode() != CONSUMER_NOT_FOUND) {
					throw failed("bound", ex.getErrorDescription(), ex, true, start);
				}
			}
			catch (IOException | RuntimeException ex) {
				throw failed("bound", ex.getMessage(), ex, true, start);
			}
		}
		checkSubjects();
		return ensure("bound");
	}

	/**
	 * Refuses filter subjects that the stream does not hold (no event could ever match
	 * them).
	 */
	private void checkSubjects() {
		List<String> filters = this.definition.subjects();
		if (filters.isEmpty()) {
			return;
		}
		List<String> streamSubjects;
		try {
			streamSubjects = this.admin.streamInfo(stream())
				.map((info) -> info.getConfiguration().getSubjects())
				.orElse(List.of());
		}
		catch (RuntimeException ex) {
			return; // the consumer creation that follows reports what is wrong
		}
		List<String> notHeld = ListenerStartupChecks.notHeld(filters, streamSubjects);
		if (!notHeld.isEmpty()) {
			throw new WindshiftException(describe() + " filters subjects " + notHeld
					+ " that the stream does not hold (its subjects: " + streamSubjects + ")");
		}
	}

	/** Recreates the consumer from its definition, after the server lost it. */
	ConsumerContext recreate() {
		return ensure("recreated");
	}

	private ConsumerContext ensure(String action) {
		long start = System.nanoTime();
		try {
			ConsumerInfo info = this.admin.ensureConsumer(this.definition);
			return this.connection.getConsumerContext(stream(), info.getName(), jetStreamOptions());
		}
		catch (WindshiftException ex) {
			throw failed(action, ex.getMessage(), ex, ex.isRetryable(), start);
		}
		catch (JetStreamApiException ex) {
			throw failed(action, ex.getErrorDescription(), ex, true, start);
		}
		catch (IOException | RuntimeException ex) {
			throw failed(action, ex.getMessage(), ex, true, start);
		}
	}

	/**
	 * Why binding failed. The server reports a JetStream API request the user may not
	 * make only to the connection's error listener (the request itself times out): a
	 * violation recorded meanwhile for this consumer's API subjects makes it a
	 * (non-retryable) {@link PermissionDeniedException}.
	 */
	private WindshiftException failed(String action, @Nullable String reason, Exception ex, boolean retryable,
			long start) {
		String denied = denial(start);
		if (denied != null) {
			return new PermissionDeniedException(describe() + " could not be " + action + ": " + denied, stream(), ex);
		}
		return new WindshiftException(describe() + " could not be " + action + ": " + reason, ex, retryable);
	}

	/**
	 * Describes a permission violation recorded since {@code start}
	 * ({@link System#nanoTime()}) on a JetStream API subject of this consumer (its info,
	 * creation or pull requests), or {@code null} if there is none.
	 */
	@Nullable String denial(long start) {
		if (this.violations == null) {
			return null;
		}
		return this.violations.since(this::concernsThisConsumer, start)
			.map((violation) -> "permission denied: the NATS user may not use subject '" + violation.subject()
					+ "' (server: " + violation.serverError() + ")")
			.orElse(null);
	}

	private boolean concernsThisConsumer(PermissionViolations.Violation violation) {
		// $JS.API.CONSUMER.INFO.<stream>.<consumer>,
		// $JS.API.CONSUMER.CREATE.<stream>[.<consumer>[.<filter>]],
		// $JS.API.CONSUMER.MSG.NEXT.<stream>.<consumer>, $JS.API.STREAM.INFO.<stream>
		// (also with a domain)
		if (!violation.subject().startsWith("$JS.")) {
			return false;
		}
		List<String> tokens = Arrays.asList(violation.subject().split("\\."));
		if (!tokens.contains("API") || !tokens.contains(stream())) {
			return false;
		}
		String name = name();
		return name == null || tokens.contains(name) || tokens.contains("STREAM");
	}

	/**
	 * Pushes what was published on the connection (fire-and-forget acks and rejections)
	 * to the server, waiting at most {@code timeout}; best effort.
	 */
	void flush(java.time.Duration timeout) {
		try {
			this.connection.flush(timeout);
		}
		catch (Exception ex) {
			// not connected or interrupted: what was not sent is redelivered after the
			// processing timeout
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** Deletes the consumer with this name (an ephemeral one, at shutdown). */
	void delete(String consumerName) {
		this.admin.deleteConsumer(stream(), consumerName);
	}

	String describe() {
		String name = name();
		return (name != null) ? "Consumer '" + name + "' of stream '" + stream() + "'"
				: "An ephemeral consumer of stream '" + stream() + "'";
	}

}
