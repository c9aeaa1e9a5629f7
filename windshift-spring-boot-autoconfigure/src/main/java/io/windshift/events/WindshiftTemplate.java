package io.windshift.events;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamOptions;
import io.windshift.observation.PublishObservations;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOff;

/**
 * Publishes events to JetStream streams in the wire format shared with windshift-go.
 *
 * <pre>{@code
 * PublishedEvent e = windshift.publish("orders.created", orderCreated);   // blocks for the server's ack
 * CompletableFuture<PublishedEvent> f = windshift.publishAsync(OutgoingEvent.builder("orders.created", order)
 *     .idempotencyKey("order-123").build());
 * }</pre>
 * <p>
 * Failures are {@link WindshiftException}s: {@link UnboundSubjectException},
 * {@link WrongSequenceException}, {@link PublishTimeoutException},
 * {@link PermissionDeniedException} (with {@link Builder#permissionViolations}). A
 * publish is attempted once unless retry is asked for (per call with
 * {@link CallOptions#withBackoff}, or as the template's default); a publish without an
 * idempotency key is never retried once it may have been stored. A publish with one is
 * retried within its timeout by default ({@link Builder#retryWithIdempotencyKey}), so
 * that it rides through a short server restart. While the connection is re-established,
 * publishes wait for it, up to their timeout.
 * <p>
 * {@link #publishAsync} keeps at most {@code maxInFlight} publishes waiting for their
 * acknowledgement; beyond that, callers wait (up to the timeout) for room. Actions
 * chained on its futures (and {@code get}/{@code join} callers) never run on a NATS
 * client thread: they run on the template's executor, so they may block.
 * <p>
 * The overloads without call options or taking a subject and data are
 * {@link WindshiftOperations}' default methods, which come here; one event's way to the
 * server is a {@code SinglePublisher}'s, a batch's an {@code AtomicBatches}'.
 */
public class WindshiftTemplate implements WindshiftOperations, AutoCloseable {

	/**
	 * The default time a publish may take, including waiting for the connection and the
	 * acknowledgement.
	 */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

	/** The default bound of asynchronous publishes awaiting their acknowledgement. */
	public static final int DEFAULT_MAX_IN_FLIGHT = 1024;

	private final Connection connection;

	private final @Nullable ExecutorService ownedExecutor;

	private final ConnectionGate gate;

	private final PendingAcks pendingAcks;

	private final SinglePublisher single;

	private final AtomicBatches atomic;

	private final AfterCommitPublisher afterCommit;

	/** A template with the default settings. */
	public WindshiftTemplate(Connection connection) {
		this(builder(connection));
	}

	private WindshiftTemplate(Builder builder) {
		this.connection = builder.connection;
		CallOptions defaults = new CallOptions(builder.backOff, builder.timeout);
		OutgoingMessageFactory messages = new OutgoingMessageFactory(builder.headersCustomizers);
		Semaphore inFlight = new Semaphore(builder.maxInFlight);
		Executor given = builder.executor;
		ExecutorService owned = (given != null) ? null : Executors.newCachedThreadPool(publishThreads());
		this.ownedExecutor = owned;
		Executor executor = (given != null) ? given : Objects.requireNonNull(owned);
		JetStreamOptions jetStreamOptions = JetStreamOptions.builder(builder.jetStreamOptions)
			.requestTimeout(builder.timeout)
			.build();
		JetStream jetStream;
		try {
			jetStream = this.connection.jetStream(jetStreamOptions);
		}
		catch (IOException ex) {
			throw new WindshiftException("Cannot use JetStream on this connection", ex);
		}
		this.gate = new ConnectionGate(this.connection);
		this.connection.addConnectionListener(this.gate);
		this.pendingAcks = new PendingAcks(builder.violations);
		EventSender sender = new EventSender(jetStream, this.gate, this.pendingAcks,
				new UnboundSubjects(this.connection, builder.jetStreamOptions), builder.violations, defaults.timeout(),
				builder.retryWithIdempotencyKey, executor);
		StreamFeatures features = new StreamFeatures(this.connection, jetStreamOptions, Clock.systemUTC());
		this.single = new SinglePublisher(defaults, features, messages, builder.observations, sender, inFlight,
				builder.maxInFlight);
		AtomicPublisher atomic = new AtomicPublisher(this.connection, messages, features, builder.maxAtomicBatchSize,
				builder.observations);
		this.atomic = new AtomicBatches(atomic, this.gate, inFlight, builder.maxInFlight, executor);
		this.afterCommit = new AfterCommitPublisher(this, atomic, builder.afterCommitFailureHandlers);
	}

	/**
	 * The daemon threads of the template's own executor, {@code windshift-publish-<n>}.
	 */
	private static CustomizableThreadFactory publishThreads() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("windshift-publish-");
		threads.setDaemon(true);
		return threads;
	}

	/** Starts a template for this connection. */
	public static Builder builder(Connection connection) {
		return new Builder(connection);
	}

	/**
	 * Publishes an event with these call options (retry, timeout) and waits for the
	 * acknowledgement.
	 * @throws UnboundSubjectException if no stream takes the subject
	 * @throws WrongSequenceException if an expected last id did not match
	 * @throws PublishTimeoutException if the connection or the acknowledgement did not
	 * come in time
	 * @throws WindshiftException for any other failure
	 */
	@Override
	public PublishedEvent publish(OutgoingEvent event, CallOption... options) {
		Assert.notNull(event, "event must not be null");
		return this.single.publish(event, options);
	}

	/**
	 * Publishes an event without waiting for the acknowledgement. Blocks only while
	 * {@code maxInFlight} publishes are already waiting for theirs, or while the
	 * connection is re-established (both at most the timeout). Events published from one
	 * thread are stored in call order, unless retried. The future fails with the same
	 * exceptions {@link #publish(OutgoingEvent, CallOption...)} throws.
	 */
	@Override
	public CompletableFuture<PublishedEvent> publishAsync(OutgoingEvent outgoing, CallOption... options) {
		Assert.notNull(outgoing, "event must not be null");
		return this.single.publishAsync(outgoing, options);
	}

	/**
	 * Publishes events as one atomic batch: all are stored, in list order and with
	 * consecutive ids, or none is. The events go to one stream with
	 * {@code allowAtomicPublish(true)} (nats-server 2.12+), at most
	 * {@code maxAtomicBatchSize} of them; only the first may expect a last id of the
	 * stream; an idempotency key already stored within the deduplication window refuses
	 * the whole batch. A batch is never retried.
	 * @return the published events, in list order
	 * @throws AtomicBatchException naming the event(s) that broke the batch; nothing was
	 * stored
	 * @throws UnsupportedFeatureException if the stream or the server does not allow
	 * atomic batches
	 */
	@Override
	public List<PublishedEvent> publishAtomically(List<OutgoingEvent> events, CallOption... options) {
		return this.atomic.publish(events, this.single.resolve(options).timeout());
	}

	/**
	 * Publishes events as one atomic batch without waiting (see
	 * {@link #publishAtomically}). The batch takes as many places of the
	 * {@code maxInFlight} window as it has events (at most the whole window) until it is
	 * answered. The future fails with the exceptions {@link #publishAtomically} throws.
	 */
	@Override
	public CompletableFuture<List<PublishedEvent>> publishAtomicallyAsync(List<OutgoingEvent> events,
			CallOption... options) {
		return this.atomic.publishAsync(events, this.single.resolve(options).timeout());
	}

	/**
	 * Publishes the event once the current Spring-managed transaction commits, never if
	 * it rolls back; outside a transaction (or without spring-tx) it is published at
	 * once, like {@link #publish(OutgoingEvent)}. A transaction's events go after its
	 * commit, on the committing thread: as one atomic batch when there are several and
	 * their stream allows atomic batches, otherwise one by one in order. A send that
	 * fails after the commit cannot undo it: it is logged with the events, counted and
	 * handed to the {@link AfterCommitFailureHandler}s; the events are lost unless a
	 * handler keeps them, and a crash between the commit and the send loses them (use an
	 * outbox, such as Spring Modulith's event publication registry, when nothing may be
	 * lost).
	 */
	@Override
	public void publishAfterCommit(OutgoingEvent event) {
		Assert.notNull(event, "event must not be null");
		this.afterCommit.publish(event);
	}

	/** The number of asynchronous publishes waiting for their acknowledgement. */
	public int inFlight() {
		return this.single.inFlight();
	}

	/**
	 * Stops listening to the connection and shuts down the template's own executor (the
	 * connection stays).
	 */
	@Override
	public void close() {
		this.connection.removeConnectionListener(this.gate);
		this.pendingAcks.close();
		if (this.ownedExecutor != null) {
			this.ownedExecutor.shutdown();
		}
	}

	/**
	 * Settings of a {@link WindshiftTemplate}.
	 */
	public static final class Builder {

		private final Connection connection;

		private Duration timeout = DEFAULT_TIMEOUT;

		private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;

		private int maxAtomicBatchSize = AtomicPublisher.SERVER_DEFAULT_MAX_BATCH;

		private final List<AfterCommitFailureHandler> afterCommitFailureHandlers = new ArrayList<>();

		private BackOff backOff = EventSender.NO_RETRY;

		private boolean retryWithIdempotencyKey = true;

		private @Nullable Executor executor;

		private final List<OutgoingHeadersCustomizer> headersCustomizers = new ArrayList<>();

		private PublishObservations observations = PublishObservations.DISABLED;

		private @Nullable PermissionViolations violations;

		private JetStreamOptions jetStreamOptions = JetStreamOptions.DEFAULT_JS_OPTIONS;

		private Builder(Connection connection) {
			Assert.notNull(connection, "connection must not be null");
			this.connection = connection;
		}

		/**
		 * How long a publish may take, including waiting for the connection and the
		 * acknowledgement.
		 */
		public Builder timeout(Duration timeout) {
			Assert.isTrue(timeout != null && !timeout.isNegative() && !timeout.isZero(),
					() -> "publish timeout must be positive, got " + timeout);
			this.timeout = timeout;
			return this;
		}

		/** How many asynchronous publishes may wait for their acknowledgement at once. */
		public Builder maxInFlight(int maxInFlight) {
			Assert.isTrue(maxInFlight > 0, () -> "maxInFlight must be positive, got " + maxInFlight);
			this.maxInFlight = maxInFlight;
			return this;
		}

		/**
		 * The default retry schedule (default: no retry). Publishes without an
		 * idempotency key are only retried when they were certainly not stored.
		 */
		public Builder retry(BackOff backOff) {
			Assert.notNull(backOff, "backOff must not be null");
			this.backOff = backOff;
			return this;
		}

		/**
		 * Whether a publish with an idempotency key that failed retryably (it timed out,
		 * found no responders, or the connection was down) is retried within its timeout
		 * when no retry schedule applies (default: true). The server stores it once
		 * however often it is sent within the deduplication window.
		 */
		public Builder retryWithIdempotencyKey(boolean retryWithIdempotencyKey) {
			this.retryWithIdempotencyKey = retryWithIdempotencyKey;
			return this;
		}

		/**
		 * Where actions chained on asynchronous publish futures run (and retried
		 * asynchronous publishes). Must not be a single thread. Default: the template's
		 * own pool of daemon threads.
		 */
		public Builder executor(Executor executor) {
			Assert.notNull(executor, "executor must not be null");
			this.executor = executor;
			return this;
		}

		/** Adds customizers of the headers of every outgoing event. */
		public Builder headersCustomizers(List<? extends OutgoingHeadersCustomizer> customizers) {
			Assert.noNullElements(customizers, "customizers must not contain null");
			this.headersCustomizers.addAll(customizers);
			return this;
		}

		/**
		 * Observes every publish (tracing, metrics) and writes trace context into its
		 * headers. Default: none.
		 */
		public Builder observations(PublishObservations observations) {
			Assert.notNull(observations, "observations must not be null");
			this.observations = observations;
			return this;
		}

		/**
		 * The permission violations the server reports on the connection (fed by its
		 * error listener). With them, a publish to a subject the NATS user may not
		 * publish to fails at once with a {@link PermissionDeniedException} instead of
		 * timing out. Default: none.
		 */
		public Builder permissionViolations(PermissionViolations violations) {
			Assert.notNull(violations, "violations must not be null");
			this.violations = violations;
			return this;
		}

		/**
		 * The most events {@link WindshiftTemplate#publishAtomically} takes in one batch:
		 * the server's limit ({@code jetstream.limits.max_batch_size}, 1000 by default).
		 * A larger list is refused before it is sent.
		 */
		public Builder maxAtomicBatchSize(int maxAtomicBatchSize) {
			Assert.isTrue(maxAtomicBatchSize > 0,
					() -> "maxAtomicBatchSize must be positive, got " + maxAtomicBatchSize);
			this.maxAtomicBatchSize = maxAtomicBatchSize;
			return this;
		}

		/**
		 * Adds handlers of events that could not be published after their transaction
		 * committed.
		 */
		public Builder afterCommitFailureHandlers(List<? extends AfterCommitFailureHandler> handlers) {
			Assert.noNullElements(handlers, "handlers must not contain null");
			this.afterCommitFailureHandlers.addAll(handlers);
			return this;
		}

		/**
		 * Which JetStream to publish to: its domain or API prefix (a leaf node publishing
		 * to its hub's streams, say). The request timeout is the template's
		 * {@link #timeout(Duration)}. Default: the connection's own.
		 */
		public Builder jetStreamOptions(JetStreamOptions jetStreamOptions) {
			Assert.notNull(jetStreamOptions, "jetStreamOptions must not be null");
			this.jetStreamOptions = jetStreamOptions;
			return this;
		}

		public WindshiftTemplate build() {
			return new WindshiftTemplate(this);
		}

	}

}
