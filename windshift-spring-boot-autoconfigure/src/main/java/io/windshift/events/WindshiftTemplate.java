package io.windshift.events;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.protobuf.Message;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamOptions;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.windshift.delays.Delays;
import io.windshift.observation.PublishObservation;
import io.windshift.observation.PublishObservations;
import org.jspecify.annotations.Nullable;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
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
 */
public class WindshiftTemplate implements WindshiftOperations, AutoCloseable {

	/**
	 * The default time a publish may take, including waiting for the connection and the
	 * acknowledgement.
	 */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

	/** The default bound of asynchronous publishes awaiting their acknowledgement. */
	public static final int DEFAULT_MAX_IN_FLIGHT = 1024;

	private static final BackOff NO_RETRY = Delays.never();

	/**
	 * Delays between retries of a keyed publish without a retry schedule (bounded by its
	 * timeout).
	 */
	private static final BackOff KEYED_RETRY = Delays.withMaxDelay(Delays.exponential(Duration.ofMillis(20), 2),
			Duration.ofMillis(500));

	private final Connection connection;

	private final JetStream jetStream;

	private final OutgoingMessageFactory messages;

	private final CallOptions defaults;

	private final boolean retryWithIdempotencyKey;

	private final Semaphore inFlight;

	private final int maxInFlight;

	private final Executor executor;

	private final @Nullable ExecutorService ownedExecutor;

	private final ConnectionGate gate;

	private final PublishObservations observations;

	private final @Nullable PermissionViolations violations;

	private final PendingAcks pendingAcks;

	private final UnboundSubjects unbound;

	private final StreamFeatures features;

	private final AtomicPublisher atomic;

	private final AfterCommitPublisher afterCommit;

	/** A template with the default settings. */
	public WindshiftTemplate(Connection connection) {
		this(builder(connection));
	}

	private WindshiftTemplate(Builder builder) {
		this.connection = builder.connection;
		this.defaults = new CallOptions(builder.backOff, builder.timeout);
		this.retryWithIdempotencyKey = builder.retryWithIdempotencyKey;
		this.messages = new OutgoingMessageFactory(builder.headersCustomizers);
		this.observations = builder.observations;
		this.violations = builder.violations;
		this.maxInFlight = builder.maxInFlight;
		this.inFlight = new Semaphore(builder.maxInFlight);
		this.ownedExecutor = (builder.executor != null) ? null : Executors.newCachedThreadPool(new DaemonThreads());
		this.executor = (builder.executor != null) ? builder.executor : this.ownedExecutor;
		JetStreamOptions jetStreamOptions = JetStreamOptions.builder(builder.jetStreamOptions)
			.requestTimeout(builder.timeout)
			.build();
		try {
			this.jetStream = this.connection.jetStream(jetStreamOptions);
		}
		catch (IOException ex) {
			throw new WindshiftException("Cannot use JetStream on this connection", ex);
		}
		this.gate = new ConnectionGate(this.connection);
		this.connection.addConnectionListener(this.gate);
		this.pendingAcks = new PendingAcks(this.violations);
		this.unbound = new UnboundSubjects(this.connection, builder.jetStreamOptions);
		this.features = new StreamFeatures(this.connection, jetStreamOptions, Clock.systemUTC());
		this.atomic = new AtomicPublisher(this.connection, this.messages, this.features, builder.maxAtomicBatchSize,
				this.observations);
		this.afterCommit = new AfterCommitPublisher(this, this.atomic, builder.afterCommitFailureHandlers);
	}

	/** Starts a template for this connection. */
	public static Builder builder(Connection connection) {
		return new Builder(connection);
	}

	/** Publishes data to a subject and waits for the server's acknowledgement. */
	public PublishedEvent publish(String subject, Message data) {
		return publish(OutgoingEvent.of(subject, data));
	}

	/**
	 * Publishes data to a subject with these call options and waits for the
	 * acknowledgement.
	 */
	public PublishedEvent publish(String subject, Message data, CallOption... options) {
		return publish(OutgoingEvent.of(subject, data), options);
	}

	/** Publishes an event and waits for the server's acknowledgement. */
	public PublishedEvent publish(OutgoingEvent event) {
		return publish(event, new CallOption[0]);
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
	public PublishedEvent publish(OutgoingEvent event, CallOption... options) {
		Assert.notNull(event, "event must not be null");
		event = this.features.prepare(event);
		CallOptions call = resolve(options);
		Headers headers = this.messages.headers(event);
		byte[] payload = this.messages.payload(event);
		PublishObservation observation = observe(event, headers);
		try {
			PublishedEvent published = publishWithRetry(event, headers, payload, call);
			observation.published(published.stream(), published.id(), published.duplicate());
			return published;
		}
		catch (RuntimeException | Error ex) {
			observation.failed(ex);
			throw ex;
		}
	}

	/**
	 * Publishes data to a subject without waiting; the future completes with the
	 * acknowledgement.
	 */
	public CompletableFuture<PublishedEvent> publishAsync(String subject, Message data) {
		return publishAsync(OutgoingEvent.of(subject, data));
	}

	/**
	 * Publishes data to a subject with these call options without waiting for the
	 * acknowledgement.
	 */
	public CompletableFuture<PublishedEvent> publishAsync(String subject, Message data, CallOption... options) {
		return publishAsync(OutgoingEvent.of(subject, data), options);
	}

	/**
	 * Publishes an event without waiting; the future completes with the acknowledgement.
	 */
	public CompletableFuture<PublishedEvent> publishAsync(OutgoingEvent event) {
		return publishAsync(event, new CallOption[0]);
	}

	/**
	 * Publishes an event without waiting for the acknowledgement. Blocks only while
	 * {@code maxInFlight} publishes are already waiting for theirs, or while the
	 * connection is re-established (both at most the timeout). Events published from one
	 * thread are stored in call order, unless retried. The future fails with the same
	 * exceptions {@link #publish(OutgoingEvent, CallOption...)} throws.
	 */
	public CompletableFuture<PublishedEvent> publishAsync(OutgoingEvent outgoing, CallOption... options) {
		Assert.notNull(outgoing, "event must not be null");
		OutgoingEvent event;
		try {
			event = this.features.prepare(outgoing);
		}
		catch (WindshiftException ex) {
			return failed(PublishObservation.none(), ex);
		}
		CallOptions call = resolve(options);
		Headers headers = this.messages.headers(event);
		byte[] payload = this.messages.payload(event);
		PublishObservation observation = observe(event, headers);
		long budget = call.timeout().toNanos();
		long start = System.nanoTime();
		try {
			if (!this.inFlight.tryAcquire(budget, TimeUnit.NANOSECONDS)) {
				return failed(observation, new PublishTimeoutException(event.subject(), call.timeout(), false,
						this.maxInFlight + " publishes were waiting for their acknowledgement", null));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return failed(observation, new WindshiftException(
					"Interrupted while waiting for room to publish to '" + event.subject() + "'", ex));
		}
		CompletableFuture<PublishedEvent> result = new OffClientThreadFuture<>(this.executor);
		try {
			if (call.backOff() != NO_RETRY || retriesKeyed(event)) {
				this.executor.execute(() -> {
					try {
						PublishedEvent published = publishWithRetry(event, headers, payload, call);
						this.inFlight.release();
						observation.published(published.stream(), published.id(), published.duplicate());
						result.complete(published);
					}
					catch (Throwable ex) {
						this.inFlight.release();
						observation.failed(ex);
						result.completeExceptionally(ex);
					}
				});
				return result;
			}
			long left = this.gate.awaitConnected(budget - (System.nanoTime() - start));
			if (left <= 0) {
				throw notConnected(event, call.timeout());
			}
			sendTracked(event, headers, payload, start, left).whenComplete((ack, ex) -> {
				this.inFlight.release();
				complete(result, event, ack, ex, call.timeout(), observation);
			});
			return result;
		}
		catch (RuntimeException ex) {
			this.inFlight.release();
			return failed(observation, PublishErrors.translate(event, ex, call.timeout()));
		}
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
	public List<PublishedEvent> publishAtomically(List<OutgoingEvent> events, CallOption... options) {
		Duration timeout = resolve(options).timeout();
		long left = this.gate.awaitConnected(timeout.toNanos());
		if (left <= 0) {
			throw new AtomicBatchException("Cannot publish an atomic batch: the NATS connection is not connected",
					List.of(), null, true);
		}
		CompletableFuture<List<PublishedEvent>> result = this.atomic.send(events, Duration.ofNanos(left));
		try {
			return result.get(left + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime
					: new WindshiftException("Atomic batch failed", ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new AtomicBatchException(
					"No answer to an atomic batch within " + timeout + "; it may or may not have been stored",
					List.of(), ex, true);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new WindshiftException("Interrupted while publishing an atomic batch", ex);
		}
	}

	/**
	 * Publishes events as one atomic batch without waiting (see
	 * {@link #publishAtomically}). The batch takes as many places of the
	 * {@code maxInFlight} window as it has events (at most the whole window) until it is
	 * answered. The future fails with the exceptions {@link #publishAtomically} throws.
	 */
	public CompletableFuture<List<PublishedEvent>> publishAtomicallyAsync(List<OutgoingEvent> events,
			CallOption... options) {
		Duration timeout = resolve(options).timeout();
		int permits = Math.min(Math.max(1, (events != null) ? events.size() : 1), this.maxInFlight);
		CompletableFuture<List<PublishedEvent>> result = new OffClientThreadFuture<>(this.executor);
		long start = System.nanoTime();
		try {
			if (!this.inFlight.tryAcquire(permits, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
				result.completeExceptionally(new AtomicBatchException("No room to publish an atomic batch within "
						+ timeout + ": " + this.maxInFlight + " publishes were waiting", List.of(), null, true));
				return result;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			result.completeExceptionally(new WindshiftException("Interrupted while publishing an atomic batch", ex));
			return result;
		}
		try {
			long left = this.gate.awaitConnected(timeout.toNanos() - (System.nanoTime() - start));
			if (left <= 0) {
				throw new AtomicBatchException("Cannot publish an atomic batch: the NATS connection is not connected",
						List.of(), null, true);
			}
			this.atomic.send(events, Duration.ofNanos(left)).whenComplete((published, ex) -> {
				this.inFlight.release(permits);
				if (ex != null) {
					result.completeExceptionally(
							(ex instanceof java.util.concurrent.CompletionException) ? ex.getCause() : ex);
				}
				else {
					result.complete(published);
				}
			});
		}
		catch (RuntimeException ex) {
			this.inFlight.release(permits);
			result.completeExceptionally(ex);
		}
		return result;
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
	public void publishAfterCommit(OutgoingEvent event) {
		Assert.notNull(event, "event must not be null");
		this.afterCommit.publish(event);
	}

	/** The number of asynchronous publishes waiting for their acknowledgement. */
	public int inFlight() {
		return this.maxInFlight - this.inFlight.availablePermits();
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

	private CallOptions resolve(CallOption[] options) {
		return (options.length == 0) ? this.defaults : this.defaults.with(options);
	}

	private PublishedEvent publishWithRetry(OutgoingEvent event, Headers headers, byte[] payload, CallOptions call) {
		if (call.backOff() == NO_RETRY && retriesKeyed(event)) {
			// safe to repeat (the server deduplicates by key): retried within the publish
			// timeout, each attempt
			// given at most half of it, so that one lost answer leaves room for another
			// try
			long total = call.timeout().toNanos();
			long deadline = System.nanoTime() + total;
			RetryPolicy policy = RetryPolicy.builder()
				.backOff(Delays.stopAfterMaxTime(KEYED_RETRY, call.timeout()))
				.predicate((ex) -> PublishErrors.mayRetry(event, ex) && deadline - System.nanoTime() > 1_000_000)
				.build();
			return new RetryTemplate(policy).invoke(() -> attempt(event, headers, payload,
					Duration.ofNanos(Math.max(1_000_000, Math.min(total / 2, deadline - System.nanoTime())))));
		}
		if (call.backOff() == NO_RETRY) {
			return attempt(event, headers, payload, call.timeout());
		}
		RetryPolicy policy = RetryPolicy.builder()
			.backOff(call.backOff())
			.predicate((ex) -> PublishErrors.mayRetry(event, ex))
			.build();
		return new RetryTemplate(policy).invoke(() -> attempt(event, headers, payload, call.timeout()));
	}

	private boolean retriesKeyed(OutgoingEvent event) {
		return this.retryWithIdempotencyKey && event.idempotencyKey() != null;
	}

	private PublishedEvent attempt(OutgoingEvent event, Headers headers, byte[] payload, Duration timeout) {
		long start = System.nanoTime();
		long budget = timeout.toNanos();
		long left = this.gate.awaitConnected(budget);
		if (left <= 0) {
			throw notConnected(event, timeout);
		}
		try {
			if (this.violations != null) {
				// asynchronously, so that a permission violation can end the wait at once
				CompletableFuture<PublishAck> ack = sendTracked(event, headers, payload, start, left);
				try {
					return published(ack.get(left, TimeUnit.NANOSECONDS));
				}
				catch (TimeoutException ex) {
					ack.completeExceptionally(ex);
					throw ex;
				}
			}
			PublishOptions options = (left == budget && timeout.equals(this.defaults.timeout())) ? null
					: PublishOptions.builder().streamTimeout(Duration.ofNanos(left)).build();
			return published(this.jetStream.publish(event.sendSubject(), headers, payload, options));
		}
		catch (Exception ex) {
			WindshiftException failure = PublishErrors.translate(event, ex, timeout);
			throw (failure instanceof UnboundSubjectException unbound) ? this.unbound.confirm(unbound, timeout)
					: failure;
		}
	}

	/**
	 * Sends without waiting; the acknowledgement fails after {@code left} nanoseconds, or
	 * at once when a permission violation for the subject is reported since
	 * {@code start}.
	 */
	private CompletableFuture<PublishAck> sendTracked(OutgoingEvent event, Headers headers, byte[] payload, long start,
			long left) {
		return this.pendingAcks.track(event.subject(),
				this.jetStream.publishAsync(event.sendSubject(), headers, payload, null), start,
				System.nanoTime() + left);
	}

	private void complete(CompletableFuture<PublishedEvent> result, OutgoingEvent event, @Nullable PublishAck ack,
			@Nullable Throwable failure, Duration timeout, PublishObservation observation) {
		// runs on the NATS client thread: cheap, and no user code (see
		// OffClientThreadFuture)
		if (failure == null && ack != null) {
			PublishedEvent published = published(ack);
			observation.published(published.stream(), published.id(), published.duplicate());
			result.complete(published);
			return;
		}
		WindshiftException translated = PublishErrors.translate(event,
				(failure != null) ? failure : new IllegalStateException("no acknowledgement"), timeout);
		if (translated instanceof UnboundSubjectException unbound) {
			// asking JetStream is a request: never on the client thread
			try {
				this.executor.execute(() -> {
					WindshiftException confirmed = this.unbound.confirm(unbound, timeout);
					observation.failed(confirmed);
					result.completeExceptionally(confirmed);
				});
			}
			catch (RejectedExecutionException ex) {
				observation.failed(unbound);
				result.completeExceptionally(unbound);
			}
			return;
		}
		observation.failed(translated);
		result.completeExceptionally(translated);
	}

	private PublishObservation observe(OutgoingEvent event, Headers headers) {
		if (!this.observations.isEnabled()) {
			return PublishObservation.none();
		}
		return this.observations.start(headers, event.subject(), OutgoingMessageFactory.dataType(event.data()),
				event.idempotencyKey());
	}

	private CompletableFuture<PublishedEvent> failed(PublishObservation observation, WindshiftException failure) {
		observation.failed(failure);
		CompletableFuture<PublishedEvent> result = new OffClientThreadFuture<>(this.executor);
		result.completeExceptionally(failure);
		return result;
	}

	private static PublishedEvent published(PublishAck ack) {
		return new PublishedEvent(ack.getStream(), ack.getSeqno(), ack.isDuplicate());
	}

	private static PublishTimeoutException notConnected(OutgoingEvent event, Duration timeout) {
		return new PublishTimeoutException(event.subject(), timeout, false, "the NATS connection is not connected",
				null);
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

		private BackOff backOff = NO_RETRY;

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

	private static final class DaemonThreads implements ThreadFactory {

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, "windshift-publish-" + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
