package io.windshift.events;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.impl.AckType;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsJetStreamMetaData;
import org.jspecify.annotations.Nullable;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * An {@link Event} over a received JetStream message. Every settle call is confirmed by the server (a
 * request on the message's reply subject, like {@code ackSync}) and retried per {@link CallOptions}. The
 * first {@link #ack} or {@link #reject} settles the event; later ones are ignored.
 *
 * @param <T> the type of the data
 */
public final class JetStreamEvent<T> implements Event<T> {

	/** Settle calls by default: exponential retries from 10 ms for up to 5 s, 2 s per attempt. */
	public static final CallOptions DEFAULT_CALL_OPTIONS = new CallOptions(CallOptions.DEFAULT_SETTLE_BACKOFF,
			Duration.ofSeconds(2));

		private final Message message;

	private final NatsJetStreamMetaData metaData;

	private final Headers headers;

	private final T data;

	private final Instant occurredAt;

	private final CallOptions defaults;

	private final AtomicReference<@Nullable Settlement> settlement = new AtomicReference<>();

	private volatile @Nullable Consumer<Settlement> settleListener;

	private volatile @Nullable PermanentRejectHandler permanentRejectHandler;

	public JetStreamEvent(Message message, T data, Instant occurredAt, CallOptions defaults) {
		this.message = message;
		this.metaData = message.metaData();
		Headers received = message.getHeaders();
		this.headers = (received != null && received.isReadOnly()) ? received
				: new Headers(received, true);
		this.data = data;
		this.occurredAt = occurredAt;
		this.defaults = defaults;
	}

	@Override
	public T data() {
		return this.data;
	}

	@Override
	public long id() {
		return this.metaData.streamSequence();
	}

	@Override
	public String subject() {
		return this.message.getSubject();
	}

	@Override
	public String stream() {
		return this.metaData.getStream();
	}

	@Override
	public String consumer() {
		return this.metaData.getConsumer();
	}

	@Override
	public long deliveryAttempt() {
		return this.metaData.deliveredCount();
	}

	@Override
	public Instant occurredAt() {
		return this.occurredAt;
	}

	@Override
	public Optional<String> idempotencyKey() {
		return Optional.ofNullable(headers().getFirst(WireHeaders.MSG_ID));
	}

	@Override
	public Headers headers() {
		return this.headers;
	}

	/** The underlying NATS message. */
	public Message message() {
		return this.message;
	}

	/** How the event was settled, or {@code null} while it is not. */
	public @Nullable Settlement settlement() {
		return this.settlement.get();
	}

	/** Called once, the moment the event is settled (before the server is told). */
	public void onSettled(Consumer<Settlement> listener) {
		this.settleListener = listener;
	}

	/**
	 * Intercepts permanent rejections made through {@link #reject} (dead-lettering them first, say). The
	 * handler settles the event itself.
	 */
	public void onPermanentReject(PermanentRejectHandler handler) {
		this.permanentRejectHandler = handler;
	}

	@Override
	public void ack(CallOption... options) {
		settle(Settlement.ACKED, this.defaults.with(options));
	}

	@Override
	public void reject(RejectOption... options) {
		Duration delay = Reject.resolve(this, options);
		CallOptions callOptions = this.defaults.with(Reject.callOptions(options));
		PermanentRejectHandler handler = this.permanentRejectHandler;
		if (delay.isNegative() && handler != null && !isSettled()) {
			handler.rejectPermanently(this, callOptions);
			return;
		}
		settle(delay.isNegative() ? Settlement.TERMINATED : Settlement.redeliver(delay), callOptions);
	}

	/** Settles the event as given; returns {@code false} if it was already settled. */
	public boolean settle(Settlement settlement, CallOptions options) {
		if (!this.settlement.compareAndSet(null, settlement)) {
			return false;
		}
		Consumer<Settlement> listener = this.settleListener;
		if (listener != null) {
			listener.accept(settlement);
		}
		AckType type = switch (settlement.kind()) {
			case ACK -> AckType.AckAck;
			case REDELIVER -> AckType.AckNak;
			case TERMINATE -> AckType.AckTerm;
		};
		send(type, settlement.redeliveryDelay().toNanos(), options);
		return true;
	}

	@Override
	public void ping(CallOption... options) {
		if (!isSettled()) {
			send(AckType.AckProgress, 0, this.defaults.with(options));
		}
	}

	/**
	 * Pings without waiting for the server (for the auto-pinger); does nothing once settled.
	 * @return whether a ping was sent
	 */
	public boolean pingAsync() {
		if (isSettled()) {
			return false;
		}
		this.message.getConnection().publish(this.message.getReplyTo(), AckType.AckProgress.bytes);
		return true;
	}

	@Override
	public boolean isSettled() {
		return this.settlement.get() != null;
	}

	private void send(AckType type, long delayNanos, CallOptions options) {
		Connection connection = this.message.getConnection();
		String replyTo = this.message.getReplyTo();
		byte[] body = type.bodyBytes(delayNanos);
		RetryTemplate retry = new RetryTemplate(RetryPolicy.builder().backOff(options.backOff()).build());
		try {
			retry.execute(() -> {
				Message reply = connection.request(replyTo, body, options.timeout());
				if (reply == null) {
					throw new TimeoutException("no confirmation within " + options.timeout());
				}
				return reply;
			});
		}
		catch (RetryException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new WindshiftException("Could not " + describe(type) + " event " + id() + " of stream '" + stream()
					+ "' (consumer '" + consumer() + "'): " + cause.getMessage(), cause, true);
		}
	}

	private static String describe(AckType type) {
		return switch (type) {
			case AckAck -> "acknowledge";
			case AckNak -> "reject";
			case AckTerm -> "terminate";
			case AckProgress -> "ping";
			case AckNext -> "acknowledge";
		};
	}

	@Override
	public String toString() {
		return "JetStreamEvent[stream=" + stream() + ", id=" + id() + ", subject=" + subject() + ", attempt="
				+ deliveryAttempt() + "]";
	}

	/** Handles a permanent rejection in place of a plain terminate. */
	@FunctionalInterface
	public interface PermanentRejectHandler {

		void rejectPermanently(JetStreamEvent<?> event, CallOptions options);

	}

}
