package io.windshift.listener;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import org.jspecify.annotations.Nullable;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

import io.windshift.events.CallOption;
import io.windshift.events.CallOptions;
import io.windshift.events.JetStreamEvent;
import io.windshift.events.WindshiftException;
import io.windshift.events.WireHeaders;

import io.windshift.events.internal.DeliveryMetadata;
import io.windshift.events.internal.Settlement;
import io.windshift.events.internal.AckReplies;

/**
 * The {@link JetStreamEvent} the containers make of a received message, with what they
 * need beyond the user's view: settling as given ({@link #settle}, {@link #settleAll}),
 * hearing the settlement ({@link #onSettled}), intercepting permanent rejections
 * ({@link #onPermanentReject}) and pinging without waiting ({@link #pingAsync}).
 *
 * @param <T> the type of the data
 */
final class DeliveredEvent<T> extends JetStreamEvent<T> {

	private final Message message;

	/**
	 * Read from the reply subject on first use: a listener that takes only the data never
	 * needs it (an immutable value, so a race only parses it twice).
	 */
	private @Nullable DeliveryMetadata metaData;

	private volatile @Nullable Headers headers;

	private final T data;

	private final Instant occurredAt;

	private final CallOptions defaults;

	private final boolean confirmed;

	private final long retriesHere;

	private final AtomicReference<@Nullable Settlement> settlement = new AtomicReference<>();

	private volatile @Nullable Consumer<Settlement> settleListener;

	private volatile @Nullable PermanentRejectHandler permanentRejectHandler;

	/** An event whose settle calls are confirmed by the server. */
	DeliveredEvent(Message message, T data, Instant occurredAt, CallOptions defaults) {
		this(message, data, occurredAt, defaults, true);
	}

	/**
	 * An event whose settle calls are confirmed by the server or fire-and-forget.
	 * @param confirmed whether settle calls wait for the server's confirmation
	 */
	DeliveredEvent(Message message, T data, Instant occurredAt, CallOptions defaults, boolean confirmed) {
		this(message, data, occurredAt, defaults, confirmed, 0);
	}

	/**
	 * An event that its receiver already tried to handle {@code retriesHere} times
	 * without the server redelivering it (a container that retries in place to keep
	 * order): they count as delivery attempts.
	 */
	DeliveredEvent(Message message, T data, Instant occurredAt, CallOptions defaults, boolean confirmed,
			long retriesHere) {
		this.retriesHere = retriesHere;
		this.message = message;
		this.confirmed = confirmed;
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
		return metaData().streamSequence();
	}

	@Override
	public String subject() {
		return this.message.getSubject();
	}

	@Override
	public String stream() {
		return metaData().stream();
	}

	@Override
	public String consumer() {
		return metaData().consumer();
	}

	@Override
	public long deliveryAttempt() {
		DeliveryMetadata read = this.metaData;
		long delivered = (read != null) ? read.deliveredCount()
				: DeliveryMetadata.deliveredCount(this.message.getReplyTo());
		return delivered + this.retriesHere;
	}

	@Override
	public Instant occurredAt() {
		return this.occurredAt;
	}

	@Override
	public Optional<String> idempotencyKey() {
		String key = headers().getFirst(WireHeaders.MSG_ID);
		// a delayed event loses Nats-Msg-Id when the server delivers it
		return Optional.ofNullable((key != null) ? key : headers().getFirst(WireHeaders.SCHEDULED_MSG_ID));
	}

	@Override
	public Headers headers() {
		Headers read = this.headers;
		if (read == null) {
			// copied read-only on first use: most listeners never look at the headers
			Headers received = this.message.getHeaders();
			read = (received != null && received.isReadOnly()) ? received : new Headers(received, true);
			this.headers = read;
		}
		return read;
	}

	/** What the server says about this delivery, read once. */
	private DeliveryMetadata metaData() {
		DeliveryMetadata read = this.metaData;
		if (read == null) {
			read = DeliveryMetadata.of(this.message);
			this.metaData = read;
		}
		return read;
	}

	@Override
	public Message message() {
		return this.message;
	}

	/** How the event was settled, or {@code null} while it is not. */
	@Nullable Settlement settlement() {
		return this.settlement.get();
	}

	/** Called once, the moment the event is settled (before the server is told). */
	void onSettled(Consumer<Settlement> listener) {
		this.settleListener = listener;
	}

	/**
	 * Intercepts permanent rejections made through {@link #reject} (dead-lettering them
	 * first, say). The handler settles the event itself.
	 */
	void onPermanentReject(PermanentRejectHandler handler) {
		this.permanentRejectHandler = handler;
	}

	@Override
	public void ack(CallOption... options) {
		settle(Settlement.ACKED, this.defaults.with(options));
	}

	@Override
	protected void rejected(Duration delay, CallOption[] options) {
		CallOptions callOptions = this.defaults.with(options);
		PermanentRejectHandler handler = this.permanentRejectHandler;
		if (delay.isNegative() && handler != null && !isSettled()) {
			handler.rejectPermanently(this, callOptions);
			return;
		}
		settle(delay.isNegative() ? Settlement.TERMINATED : Settlement.redeliver(delay), callOptions);
	}

	@Override
	public boolean isConfirmed() {
		return this.confirmed;
	}

	/**
	 * Settles the event as given, confirmed or not as this event's settle calls are;
	 * returns {@code false} if it was already settled.
	 */
	boolean settle(Settlement settlement, CallOptions options) {
		return settle(settlement, options, this.confirmed);
	}

	/**
	 * Settles the event as given; returns {@code false} if it was already settled.
	 * @param confirm whether to wait for the server's confirmation (regardless of this
	 * event's default)
	 * @throws WindshiftException if the settle call could not be sent (or, when
	 * confirmed, was not confirmed) within the retries of the options
	 */
	boolean settle(Settlement settlement, CallOptions options, boolean confirm) {
		if (!claim(settlement)) {
			return false;
		}
		send(verb(settlement), AckReplies.body(settlement), options, confirm);
		return true;
	}

	/**
	 * Settles these events alike (those not settled yet), cheaply: fire-and-forget settle
	 * calls are written back to back, confirmed ones are sent as concurrent requests and
	 * then awaited, an unconfirmed one retried on its own per the options.
	 * @return the failures, one per event that could not be settled (empty when all were)
	 */
	static List<WindshiftException> settleAll(List<? extends DeliveredEvent<?>> events, Settlement settlement,
			CallOptions options, boolean confirm) {
		List<DeliveredEvent<?>> claimed = new ArrayList<>(events.size());
		for (DeliveredEvent<?> event : events) {
			if (event.claim(settlement)) {
				claimed.add(event);
			}
		}
		String verb = verb(settlement);
		byte[] body = AckReplies.body(settlement);
		List<@Nullable CompletableFuture<Message>> replies = new ArrayList<>(claimed.size());
		for (DeliveredEvent<?> event : claimed) {
			replies.add(confirm ? event.requestAsync(body, options.timeout()) : null);
		}
		List<WindshiftException> failures = new ArrayList<>();
		for (int i = 0; i < claimed.size(); i++) {
			DeliveredEvent<?> event = claimed.get(i);
			CompletableFuture<Message> reply = replies.get(i);
			try {
				if (reply == null || !confirmed(reply, options.timeout())) {
					event.send(verb, body, options, confirm);
				}
			}
			catch (WindshiftException ex) {
				failures.add(ex);
			}
		}
		return failures;
	}

	private @Nullable CompletableFuture<Message> requestAsync(byte[] body, Duration timeout) {
		try {
			return this.message.getConnection().requestWithTimeout(this.message.getReplyTo(), body, timeout);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static boolean confirmed(CompletableFuture<Message> reply, Duration timeout) {
		try {
			return reply.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS) != null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (Exception ex) {
			return false;
		}
	}

	private boolean claim(Settlement settlement) {
		if (!this.settlement.compareAndSet(null, settlement)) {
			return false;
		}
		Consumer<Settlement> listener = this.settleListener;
		if (listener != null) {
			listener.accept(settlement);
		}
		return true;
	}

	private static String verb(Settlement settlement) {
		return switch (settlement.kind()) {
			case ACK -> "acknowledge";
			case REDELIVER -> "reject";
			case TERMINATE -> "terminate";
		};
	}

	@Override
	public void ping(CallOption... options) {
		if (!isSettled()) {
			send("ping", AckReplies.pingBody(), this.defaults.with(options), this.confirmed);
		}
	}

	/**
	 * Pings without waiting for the server (for the auto-pinger); does nothing once
	 * settled.
	 * @return whether a ping was sent
	 */
	boolean pingAsync() {
		if (isSettled()) {
			return false;
		}
		AckReplies.ping(this.message);
		return true;
	}

	@Override
	public boolean isSettled() {
		return this.settlement.get() != null;
	}

	private void send(String verb, byte[] body, CallOptions options, boolean confirm) {
		Connection connection = this.message.getConnection();
		String replyTo = this.message.getReplyTo();
		if (!confirm) {
			try {
				// the common case: one publish, no retry machinery
				connection.publish(replyTo, body);
				return;
			}
			catch (RuntimeException ex) {
				// not sent (connection closed, say): retry per the options below
			}
		}
		RetryTemplate retry = new RetryTemplate(RetryPolicy.builder().backOff(options.backOff()).build());
		try {
			retry.execute(() -> {
				if (!confirm) {
					connection.publish(replyTo, body);
					return body;
				}
				Message reply = connection.request(replyTo, body, options.timeout());
				if (reply == null) {
					throw new TimeoutException("no confirmation within " + options.timeout());
				}
				return reply;
			});
		}
		catch (RetryException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new WindshiftException("Could not " + verb + " event " + id() + " of stream '" + stream()
					+ "' (consumer '" + consumer() + "'): " + cause.getMessage(), cause, true);
		}
	}

	@Override
	public long pendingCount() {
		return metaData().pendingCount();
	}

	@Override
	public String toString() {
		return "DeliveredEvent[stream=" + stream() + ", id=" + id() + ", subject=" + subject() + ", attempt="
				+ deliveryAttempt() + "]";
	}

	/** Handles a permanent rejection in place of a plain terminate. */
	@FunctionalInterface
	interface PermanentRejectHandler {

		void rejectPermanently(DeliveredEvent<?> event, CallOptions options);

	}

}
