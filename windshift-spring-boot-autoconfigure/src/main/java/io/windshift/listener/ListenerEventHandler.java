package io.windshift.listener;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import com.google.protobuf.Message;
import io.nats.client.impl.Headers;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.windshift.events.CallOptions;
import io.windshift.events.PoisonEventException;
import io.windshift.events.WindshiftException;
import io.windshift.events.WireHeaders;
import io.windshift.listener.ListenerObserver.Outcome;
import io.windshift.events.internal.DeliveryMetadata;
import io.windshift.events.internal.Settlement;

/**
 * Handles one delivered message for a listener: decodes it (poison events never reach the
 * method), invokes the method while the event is auto-pinged (the container pings it from
 * the moment it arrives), and settles the event per the ack mode, the reject policy and
 * the dead-letter subject. Settle calls are fire-and-forget unless acks are confirmed; a
 * dead-lettered event's terminate always is, after its confirmed republish. The one place
 * where a listener method is invoked.
 */
final class ListenerEventHandler {

	private static final Log logger = LogFactory.getLog(ListenerEventHandler.class);

	/**
	 * Redelivery delay when an event could not be dead-lettered (so that nothing is
	 * lost).
	 */
	static final Duration DEAD_LETTER_RETRY_DELAY = Duration.ofSeconds(5);

	private final String listenerId;

	private final HandlerMethods methods;

	private final EventDecoder decoder;

	private final AckMode ackMode;

	private final RejectPolicy rejectPolicy;

	private final @Nullable String deadLetterSubject;

	private final DeadLetterPublisher deadLetters;

	private final ListenerObserver observer;

	private final CallOptions callOptions;

	private final boolean confirmAcks;

	private final LongSupplier maxDeliveryAttempts;

	private final AtomicBoolean warnedUnsettled = new AtomicBoolean();

	private boolean ignoreUnhandledTypes;

	private boolean retryInContainer;

	private final @Nullable EventForwarder forwarder;

	ListenerEventHandler(String listenerId, HandlerMethods methods, EventDecoder decoder, AckMode ackMode,
			RejectPolicy rejectPolicy, @Nullable String deadLetterSubject, DeadLetterPublisher deadLetters,
			ListenerObserver observer, CallOptions callOptions, boolean confirmAcks, LongSupplier maxDeliveryAttempts,
			@Nullable EventForwarder forwarder) {
		this.listenerId = listenerId;
		this.methods = methods;
		this.decoder = decoder;
		this.ackMode = ackMode;
		this.rejectPolicy = rejectPolicy;
		this.deadLetterSubject = deadLetterSubject;
		this.deadLetters = deadLetters;
		this.observer = observer;
		this.callOptions = callOptions;
		this.confirmAcks = confirmAcks;
		this.maxDeliveryAttempts = maxDeliveryAttempts;
		this.forwarder = forwarder;
	}

	/** Acknowledges and skips events no method takes, instead of giving up on them. */
	void setIgnoreUnhandledTypes(boolean ignoreUnhandledTypes) {
		this.ignoreUnhandledTypes = ignoreUnhandledTypes;
	}

	/**
	 * Retries a failed event in the container instead of having the server redeliver it
	 * (ordered listeners: the event keeps its place in its key's order); see
	 * {@link #handle(io.nats.client.Message, AutoPinger.Tracking, long)}.
	 */
	void setRetryInContainer(boolean retryInContainer) {
		this.retryInContainer = retryInContainer;
	}

	/**
	 * Handles a message.
	 * @param message the message
	 * @param tracking its pinging, stopped here once it is settled or left unsettled
	 */
	void handle(io.nats.client.Message message, AutoPinger.Tracking tracking) {
		handle(message, tracking, 0);
	}

	/**
	 * Handles a message that was tried {@code retriesHere} times in the container
	 * already.
	 * @return {@code null} once the event is settled or left unsettled (its pinging
	 * stopped); with {@link #setRetryInContainer retries in the container}, the delay
	 * after which to try it again (it is still pinged, and unsettled)
	 */
	@Nullable Duration handle(io.nats.client.Message message, AutoPinger.Tracking tracking, long retriesHere) {
		Delivery delivery = new Delivery(message, tracking);
		try {
			ListenerMethod method = methodFor(delivery);
			if (method == null) {
				return null;
			}
			DeliveredEvent<Message> event = decode(delivery, method, retriesHere);
			if (event != null) {
				invoke(delivery, event, method);
			}
			return delivery.retryAfter;
		}
		finally {
			close(delivery);
		}
	}

	/**
	 * The method that takes a delivered message (a batch listener's, or one of its
	 * handlers); if none does, the event is given up here (or acknowledged, when
	 * unhandled types are ignored) and {@code null} returned.
	 */
	@Nullable ListenerMethod methodFor(Delivery delivery) {
		String typeName = typeName(delivery.message);
		// read once: the decoder checks the same header
		delivery.typeName = typeName;
		ListenerMethod method = this.methods.forType(typeName);
		if (method == null) {
			handleUnhandled(delivery, typeName);
		}
		return method;
	}

	/**
	 * Whether failed events are retried in the container (see
	 * {@link #setRetryInContainer}).
	 */
	boolean retriesInContainer() {
		return this.retryInContainer;
	}

	/**
	 * Decodes a delivered message into the event {@code method} gets, tried
	 * {@code retriesHere} times in the container already; a poison event is given up here
	 * instead ({@code null}).
	 */
	@Nullable DeliveredEvent<Message> decode(Delivery delivery, ListenerMethod method, long retriesHere) {
		EventDecoder.Decoded decoded;
		try {
			decoded = this.decoder.decode(delivery.message, delivery.typeName, method.dataType());
		}
		catch (PoisonEventException ex) {
			handlePoison(delivery, ex);
			return null;
		}
		DeliveredEvent<Message> event = delivery.watch(new DeliveredEvent<>(delivery.message, decoded.data(),
				decoded.occurredAt(), this.callOptions, this.confirmAcks, retriesHere));
		if (this.deadLetterSubject != null) {
			event.onPermanentReject(delivery);
		}
		return event;
	}

	/**
	 * Whether this is the event's last delivery attempt (the server will not deliver it
	 * again).
	 */
	boolean lastAttempt(DeliveredEvent<?> event) {
		long max = this.maxDeliveryAttempts.getAsLong();
		return max > 0 && event.deliveryAttempt() >= max;
	}

	/**
	 * Ends a delivery: stops pinging it and reports it unsettled if it is; an event to be
	 * retried in the container stays pinged and is reported as redelivered.
	 */
	void close(Delivery delivery) {
		DeliveredEvent<?> event = delivery.event;
		if (delivery.retryAfter != null) {
			if (event != null) {
				this.observer.outcome(this.listenerId, event, Outcome.REDELIVERED, delivery.failure);
			}
		}
		else {
			delivery.tracking.stop();
			if (!delivery.reported && event != null) {
				this.observer.outcome(this.listenerId, event, Outcome.UNSETTLED, delivery.failure);
			}
		}
	}

	private void invoke(Delivery delivery, DeliveredEvent<Message> event, ListenerMethod method) {
		try {
			delivery.method = method;
			this.observer.invoke(this.listenerId, event, delivery);
		}
		catch (Throwable ex) {
			delivery.failure = ex;
			if (event.isSettled()) {
				this.observer.inScope(this.listenerId, event, () -> logger.warn("Listener '" + this.listenerId
						+ "' threw after settling event " + event.id() + " of stream '" + event.stream() + "'", ex));
			}
			else {
				reject(delivery, event, ex);
			}
			return;
		}
		if (!event.isSettled() && this.ackMode != AckMode.MANUAL) {
			settle(event, Settlement.ACKED);
		}
		else if (!event.isSettled()) {
			unsettled(delivery, event);
		}
	}

	/**
	 * A MANUAL listener returned without settling: warned about once; on the last
	 * delivery attempt the event is dead-lettered, as the server would otherwise drop it
	 * after the processing timeout.
	 */
	void unsettled(Delivery delivery, DeliveredEvent<Message> event) {
		this.observer.inScope(this.listenerId, event, () -> unsettledInScope(delivery, event));
	}

	private void unsettledInScope(Delivery delivery, DeliveredEvent<Message> event) {
		long max = this.maxDeliveryAttempts.getAsLong();
		boolean lastAttempt = max > 0 && event.deliveryAttempt() >= max;
		if (this.warnedUnsettled.compareAndSet(false, true)) {
			logger.warn("MANUAL listener '" + this.listenerId + "' returned without settling event " + event.id()
					+ " of stream '" + event.stream() + "': it is redelivered after the processing timeout, and "
					+ "given up on the last delivery attempt (warned once per listener)");
		}
		if (lastAttempt) {
			String reason = "not settled by the MANUAL listener on the last of " + max + " delivery attempts";
			logger.error("Listener '" + this.listenerId + "' gives up on event " + event.id() + " of stream '"
					+ event.stream() + "' (attempt " + event.deliveryAttempt() + "): " + reason);
			giveUp(delivery, event, reason, null);
		}
	}

	/**
	 * Rejects an event the method failed on, per the reject policy (giving it up if it is
	 * exhausted).
	 */
	void reject(Delivery delivery, DeliveredEvent<?> event, Throwable failure) {
		this.observer.inScope(this.listenerId, event, () -> rejectInScope(delivery, event, failure));
	}

	private void rejectInScope(Delivery delivery, DeliveredEvent<?> event, Throwable failure) {
		Duration delay;
		try {
			delay = this.rejectPolicy.decide(event, failure);
		}
		catch (RuntimeException ex) {
			logger.error("Reject policy of listener '" + this.listenerId + "' failed; redelivering event " + event.id()
					+ " of stream '" + event.stream() + "' after " + DEAD_LETTER_RETRY_DELAY, ex);
			delay = DEAD_LETTER_RETRY_DELAY;
		}
		long max = this.maxDeliveryAttempts.getAsLong();
		boolean lastAttempt = max > 0 && event.deliveryAttempt() >= max;
		String failureText = failure.getClass().getName() + ": " + failure.getMessage();
		if (delay.isNegative() || lastAttempt) {
			String reason = lastAttempt && !delay.isNegative()
					? "failed on the last of " + max + " delivery attempts: " + failureText : failureText;
			String givingUp = "Listener '" + this.listenerId + "' gives up on event " + event.id() + " of stream '"
					+ event.stream() + "' (attempt " + event.deliveryAttempt() + "): " + reason;
			// one line per event at ERROR; the stack trace only at DEBUG (it repeats for
			// every exhausted event)
			logger.error(givingUp + ((this.deadLetterSubject != null)
					? "; dead-lettering it to '" + this.deadLetterSubject + "'" : "; terminating it"));
			if (logger.isDebugEnabled()) {
				logger.debug(givingUp, failure);
			}
			giveUp(delivery, event, reason, failure);
			return;
		}
		if (this.retryInContainer) {
			logger.warn("Listener '" + this.listenerId + "' failed on event " + event.id() + " of stream '"
					+ event.stream() + "' (attempt " + event.deliveryAttempt() + "), retrying it after " + delay
					+ " (its key held meanwhile): " + failureText);
			delivery.retryAfter = delay;
			return;
		}
		logger.warn("Listener '" + this.listenerId + "' failed on event " + event.id() + " of stream '" + event.stream()
				+ "' (attempt " + event.deliveryAttempt() + "), redelivering after " + delay + ": " + failureText);
		settle(event, Settlement.redeliver(delay));
	}

	private void handlePoison(Delivery delivery, PoisonEventException ex) {
		io.nats.client.Message message = delivery.message;
		DeliveryMetadata metaData = DeliveryMetadata.of(message);
		delivery.failure = ex;
		DeliveredEvent<byte[]> raw = delivery.watch(new DeliveredEvent<>(message, message.getData(),
				metaData.timestamp(), this.callOptions, this.confirmAcks));
		this.observer.inScope(this.listenerId, raw, () -> {
			logger.warn("Poison event in stream '" + metaData.stream() + "' id " + metaData.streamSequence()
					+ " for listener '" + this.listenerId + "': " + ex.getMessage() + ((this.deadLetterSubject != null)
							? "; dead-lettering it to '" + this.deadLetterSubject + "'" : "; terminating it"));
			giveUp(delivery, raw, "poison event: " + ex.getMessage(), ex);
		});
	}

	private static @Nullable String typeName(io.nats.client.Message message) {
		Headers headers = message.getHeaders();
		return (headers != null) ? headers.getFirst(WireHeaders.DATA_TYPE) : null;
	}

	/**
	 * An event of a type no handler takes: given up with one warning, or acknowledged if
	 * so configured.
	 */
	private void handleUnhandled(Delivery delivery, @Nullable String typeName) {
		io.nats.client.Message message = delivery.message;
		DeliveryMetadata metaData = DeliveryMetadata.of(message);
		DeliveredEvent<byte[]> raw = delivery.watch(new DeliveredEvent<>(message, message.getData(),
				metaData.timestamp(), this.callOptions, this.confirmAcks));
		if (this.ignoreUnhandledTypes) {
			logger.debug("Listener '" + this.listenerId + "' skips event " + raw.id() + " of stream '" + raw.stream()
					+ "': no handler takes type '" + typeName + "'");
			settle(raw, Settlement.ACKED);
			return;
		}
		String reason = "unhandled type: no handler of listener '" + this.listenerId + "' takes '" + typeName + "'";
		this.observer.inScope(this.listenerId, raw, () -> {
			logger.warn("Listener '" + this.listenerId + "' has no handler for type '" + typeName + "' of event "
					+ raw.id() + " of stream '" + raw.stream() + "'" + ((this.deadLetterSubject != null)
							? "; dead-lettering it to '" + this.deadLetterSubject + "'" : "; terminating it"));
			giveUp(delivery, raw, reason, null);
		});
	}

	private void giveUp(Delivery delivery, DeliveredEvent<?> event, String reason, @Nullable Throwable failure) {
		if (failure != null) {
			delivery.failure = failure;
		}
		if (this.deadLetterSubject != null) {
			try {
				this.deadLetters.publish(event.message(), this.deadLetterSubject, reason);
				delivery.deadLettered = true;
			}
			catch (WindshiftException ex) {
				logger.error("Listener '" + this.listenerId + "' could not dead-letter event " + event.id()
						+ " of stream '" + event.stream() + "'; redelivering it after " + DEAD_LETTER_RETRY_DELAY
						+ " so that it is not lost", ex);
				settle(event, Settlement.redeliver(DEAD_LETTER_RETRY_DELAY));
				return;
			}
			// confirmed: if a lost terminate let the event come back, it would be
			// dead-lettered twice
			settle(event, Settlement.TERMINATED, true);
			return;
		}
		settle(event, Settlement.TERMINATED);
	}

	void settle(DeliveredEvent<?> event, Settlement settlement) {
		settle(event, settlement, this.confirmAcks);
	}

	private void settle(DeliveredEvent<?> event, Settlement settlement, boolean confirm) {
		try {
			event.settle(settlement, this.callOptions, confirm);
		}
		catch (WindshiftException ex) {
			logger.error("Listener '" + this.listenerId + "': " + ex.getMessage()
					+ "; the server redelivers it after the processing timeout");
		}
	}

	/**
	 * One delivered message on its way through the handler; also its event's settle
	 * listener, permanent-reject handler and the invocation of its method (one object per
	 * event instead of a lambda for each).
	 */
	final class Delivery
			implements Consumer<Settlement>, DeliveredEvent.PermanentRejectHandler, ListenerObserver.Invocation {

		final io.nats.client.Message message;

		final AutoPinger.Tracking tracking;

		/** The type header, read once by {@link #methodFor}. */
		@Nullable String typeName;

		/** The method invoked for the event (single events). */
		@Nullable ListenerMethod method;

		volatile @Nullable Throwable failure;

		volatile boolean deadLettered;

		volatile boolean reported;

		volatile @Nullable DeliveredEvent<?> event;

		volatile @Nullable Duration retryAfter;

		Delivery(io.nats.client.Message message, AutoPinger.Tracking tracking) {
			this.message = message;
			this.tracking = tracking;
		}

		<E extends DeliveredEvent<?>> E watch(E event) {
			this.event = event;
			event.onSettled(this);
			return event;
		}

		/** The event was settled. */
		@Override
		public void accept(Settlement settlement) {
			this.tracking.stop();
			this.reported = true;
			DeliveredEvent<?> settled = this.event;
			if (settled == null) {
				return;
			}
			try {
				ListenerEventHandler.this.observer.outcome(ListenerEventHandler.this.listenerId, settled,
						outcome(settlement), this.failure);
			}
			catch (RuntimeException ex) {
				logger.warn("Listener observer failed", ex);
			}
		}

		/** The listener rejected the event permanently: it is dead-lettered. */
		@Override
		public void rejectPermanently(DeliveredEvent<?> rejected, CallOptions options) {
			giveUp(this, rejected, "rejected permanently by the listener", null);
		}

		/** Invokes the method with the event (and forwards what it returns). */
		@Override
		public void proceed() throws Throwable {
			ListenerMethod invoked = this.method;
			@SuppressWarnings("unchecked")
			DeliveredEvent<Message> delivered = (DeliveredEvent<Message>) this.event;
			if (invoked == null || delivered == null) {
				throw new IllegalStateException("No method or event to invoke");
			}
			Object returned = invoked.invoke(delivered);
			EventForwarder forwarder = ListenerEventHandler.this.forwarder;
			if (forwarder != null && invoked.forwards()) {
				forwarder.forward(returned, delivered);
			}
		}

		private Outcome outcome(Settlement settlement) {
			return switch (settlement.kind()) {
				case ACK -> Outcome.ACKED;
				case REDELIVER -> Outcome.REDELIVERED;
				case TERMINATE -> this.deadLettered ? Outcome.DEAD_LETTERED : Outcome.TERMINATED;
			};
		}

	}

}
