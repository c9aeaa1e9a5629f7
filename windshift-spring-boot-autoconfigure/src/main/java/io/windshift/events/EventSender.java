package io.windshift.events;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.windshift.delays.Delays;
import io.windshift.observation.PublishObservation;
import org.jspecify.annotations.Nullable;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.util.backoff.BackOff;

/**
 * Sends one event of a {@link WindshiftTemplate} and waits for (or tracks) its
 * acknowledgement: the wait for the connection, retries per the call options or the
 * idempotency key, permission violations ending the wait, and the translation of
 * failures.
 */
final class EventSender {

	static final BackOff NO_RETRY = Delays.never();

	/**
	 * Delays between retries of a keyed publish without a retry schedule (bounded by its
	 * timeout).
	 */
	private static final BackOff KEYED_RETRY = Delays.withMaxDelay(Delays.exponential(Duration.ofMillis(20), 2),
			Duration.ofMillis(500));

	private final JetStream jetStream;

	private final ConnectionGate gate;

	private final PendingAcks pendingAcks;

	private final UnboundSubjects unbound;

	private final @Nullable PermissionViolations violations;

	private final Duration defaultTimeout;

	private final boolean retryWithIdempotencyKey;

	private final Executor executor;

	EventSender(JetStream jetStream, ConnectionGate gate, PendingAcks pendingAcks, UnboundSubjects unbound,
			@Nullable PermissionViolations violations, Duration defaultTimeout, boolean retryWithIdempotencyKey,
			Executor executor) {
		this.jetStream = jetStream;
		this.gate = gate;
		this.pendingAcks = pendingAcks;
		this.unbound = unbound;
		this.violations = violations;
		this.defaultTimeout = defaultTimeout;
		this.retryWithIdempotencyKey = retryWithIdempotencyKey;
		this.executor = executor;
	}

	/** Publishes and waits for the acknowledgement, retrying as the options say. */
	PublishedEvent publish(OutgoingEvent event, Headers headers, byte[] payload, CallOptions call) {
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

	/**
	 * Publishes without waiting; {@code release} runs once the acknowledgement (or the
	 * failure) is in. {@code budget} nanoseconds from {@code start} bound the wait for
	 * the connection.
	 */
	CompletableFuture<PublishedEvent> publishAsync(OutgoingEvent event, Headers headers, byte[] payload,
			CallOptions call, PublishObservation observation, long start, Runnable release) {
		CompletableFuture<PublishedEvent> result = new OffClientThreadFuture<>(this.executor);
		try {
			if (call.backOff() != NO_RETRY || retriesKeyed(event)) {
				this.executor.execute(() -> {
					try {
						PublishedEvent published = publish(event, headers, payload, call);
						release.run();
						observation.published(published.stream(), published.id(), published.duplicate());
						result.complete(published);
					}
					catch (Throwable ex) {
						release.run();
						observation.failed(ex);
						result.completeExceptionally(ex);
					}
				});
				return result;
			}
			long left = this.gate.awaitConnected(call.timeout().toNanos() - (System.nanoTime() - start));
			if (left <= 0) {
				throw notConnected(event, call.timeout());
			}
			sendTracked(event, headers, payload, start, left).whenComplete((ack, ex) -> {
				release.run();
				complete(result, event, ack, ex, call.timeout(), observation);
			});
			return result;
		}
		catch (RuntimeException ex) {
			release.run();
			return failed(observation, PublishErrors.translate(event, ex, call.timeout()));
		}
	}

	/** A future that has failed (not completing on a NATS client thread). */
	CompletableFuture<PublishedEvent> failed(PublishObservation observation, WindshiftException failure) {
		observation.failed(failure);
		CompletableFuture<PublishedEvent> result = new OffClientThreadFuture<>(this.executor);
		result.completeExceptionally(failure);
		return result;
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
			PublishOptions options = (left == budget && timeout.equals(this.defaultTimeout)) ? null
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

	private static PublishedEvent published(PublishAck ack) {
		return new PublishedEvent(ack.getStream(), ack.getSeqno(), ack.isDuplicate());
	}

	private static PublishTimeoutException notConnected(OutgoingEvent event, Duration timeout) {
		return new PublishTimeoutException(event.subject(), timeout, false, "the NATS connection is not connected",
				null);
	}

}
