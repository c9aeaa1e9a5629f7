package io.windshift.events;

import java.time.Instant;
import java.util.Optional;

import io.nats.client.impl.Headers;

/**
 * A received event: the decoded data plus where it came from, and the means to settle it.
 * <p>
 * Settling talks to the server and is retried per {@link CallOptions} (by default
 * exponentially from 10 ms, up to 5 s in total). Listener events settle fire-and-forget
 * by default (retried only when the call cannot be sent; one the server never receives
 * means a redelivery, never a loss), or confirmed by the server with
 * {@code windshift.listener.confirm-acks=true}. An event is settled once: after
 * {@link #ack} or {@link #reject}, further settle calls are ignored.
 *
 * @param <T> the protobuf message type of the data
 */
public interface Event<T> {

	/** The decoded protobuf message. */
	T data();

	/** The event's id: its sequence number in the stream. */
	long id();

	/** The subject it was published to. */
	String subject();

	/** The stream that stores it. */
	String stream();

	/** The consumer it was delivered through. */
	String consumer();

	/** Which delivery this is; the first is 1. */
	long deliveryAttempt();

	/** When the publisher says the event happened ({@code WS-Published-Time}). */
	Instant occurredAt();

	/** The idempotency key the publisher gave ({@code Nats-Msg-Id}), if any. */
	Optional<String> idempotencyKey();

	/** All headers as received (read only). */
	Headers headers();

	/** Acknowledges the event: it is handled and will not be delivered again. */
	void ack(CallOption... options);

	/** Rejects the event: redelivered now, later, or never, depending on the options. */
	void reject(RejectOption... options);

	/**
	 * Tells the server the event is still being worked on, extending its processing
	 * timeout.
	 */
	void ping(CallOption... options);

	/** Whether {@link #ack} or {@link #reject} has been called. */
	boolean isSettled();

}
