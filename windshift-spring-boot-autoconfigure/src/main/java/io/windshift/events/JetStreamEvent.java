package io.windshift.events;

import java.time.Duration;

import io.nats.client.Message;

/**
 * An {@link Event} received from JetStream: what a listener method gets, with the NATS
 * message it came in. Settle calls ({@link #ack}, {@link #reject}, {@link #ping}) are
 * either <em>confirmed</em> (a request on the message's reply subject, like
 * {@code ackSync}, retried per {@link CallOptions} until the server answers) or
 * <em>fire-and-forget</em> (a publish to the reply subject, like jnats' {@code ack()},
 * retried per {@link CallOptions} only when it cannot be sent, e.g. the connection is
 * closed). A fire-and-forget settle that the server never receives costs a redelivery
 * after the processing timeout, never a loss. The first {@link #ack} or {@link #reject}
 * settles the event; later ones are ignored.
 * <p>
 * Users program against {@link Event}, and may look at a delivered event through this
 * type ({@code event instanceof JetStreamEvent<?> delivered}, in a
 * {@code ListenerObserver}, say). The listener containers make the instances: the
 * constructor and {@link #rejected} are for them, not for subclasses of applications.
 *
 * @param <T> the type of the data
 */
public abstract class JetStreamEvent<T> implements Event<T> {

	/**
	 * Settle calls by default: exponential retries from 10 ms for up to 5 s, 2 s per
	 * attempt.
	 */
	public static final CallOptions DEFAULT_CALL_OPTIONS = new CallOptions(CallOptions.DEFAULT_SETTLE_BACKOFF,
			Duration.ofSeconds(2));

	/** For the listener containers, which make the events. */
	protected JetStreamEvent() {
	}

	/** The underlying NATS message. */
	public abstract Message message();

	/** Whether settle calls wait for the server's confirmation. */
	public abstract boolean isConfirmed();

	/**
	 * How many events the consumer still had pending (not yet delivered) when it
	 * delivered this one, as the server reported.
	 */
	public abstract long pendingCount();

	/**
	 * Rejects the event: the options resolve into one redelivery delay (see
	 * {@link Reject}), which {@link #rejected} applies.
	 */
	@Override
	public final void reject(RejectOption... options) {
		rejected(Reject.resolve(this, options), Reject.callOptions(options));
	}

	/**
	 * Applies a rejection resolved from the options given to {@link #reject}.
	 * @param redeliveryDelay the delay before redelivery: zero for at once, negative for
	 * never (permanently)
	 * @param callOptions the call options among the reject options
	 */
	protected abstract void rejected(Duration redeliveryDelay, CallOption[] callOptions);

}
