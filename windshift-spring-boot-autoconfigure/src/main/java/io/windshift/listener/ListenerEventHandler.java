package io.windshift.listener;

import java.time.Duration;
import java.util.function.LongSupplier;

import com.google.protobuf.Message;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.windshift.events.CallOptions;
import io.windshift.events.DeliveryMetadata;
import io.windshift.events.EventDecoder;
import io.windshift.events.JetStreamEvent;
import io.windshift.events.PoisonEventException;
import io.windshift.events.Settlement;
import io.windshift.events.WindshiftException;
import io.windshift.listener.ListenerObserver.Outcome;

/**
 * Handles one delivered message for a listener: decodes it (poison events never reach the method), invokes
 * the method while the event is auto-pinged (the container pings it from the moment it arrives), and settles
 * the event per the ack mode, the reject policy and the dead-letter subject. Settle calls are fire-and-forget
 * unless acks are confirmed; a dead-lettered event's terminate always is, after its confirmed republish. The
 * one place where a listener method is invoked.
 */
final class ListenerEventHandler {

	private static final Log logger = LogFactory.getLog(ListenerEventHandler.class);

	/** Redelivery delay when an event could not be dead-lettered (so that nothing is lost). */
	static final Duration DEAD_LETTER_RETRY_DELAY = Duration.ofSeconds(5);

	private final String listenerId;

	private final ListenerMethod method;

	private final EventDecoder decoder;

	private final AckMode ackMode;

	private final RejectPolicy rejectPolicy;

	private final @Nullable String deadLetterSubject;

	private final DeadLetterPublisher deadLetters;

	private final ListenerObserver observer;

	private final CallOptions callOptions;

	private final boolean confirmAcks;

	private final LongSupplier maxDeliveryAttempts;

	private final @Nullable EventForwarder forwarder;

	ListenerEventHandler(String listenerId, ListenerMethod method, EventDecoder decoder, AckMode ackMode,
			RejectPolicy rejectPolicy, @Nullable String deadLetterSubject, DeadLetterPublisher deadLetters,
			ListenerObserver observer, CallOptions callOptions, boolean confirmAcks, LongSupplier maxDeliveryAttempts,
			@Nullable EventForwarder forwarder) {
		this.listenerId = listenerId;
		this.method = method;
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

	/**
	 * Handles a message.
	 * @param message the message
	 * @param tracking its pinging, stopped here once it is settled or left unsettled
	 */
	void handle(io.nats.client.Message message, AutoPinger.Tracking tracking) {
		Delivery delivery = new Delivery(message, tracking);
		try {
			JetStreamEvent<Message> event = decode(delivery);
			if (event != null) {
				invoke(delivery, event);
			}
		}
		finally {
			close(delivery);
		}
	}

	/**
	 * Decodes a delivered message into the event the method gets; a poison event is given up here instead
	 * ({@code null}).
	 */
	@Nullable JetStreamEvent<Message> decode(Delivery delivery) {
		EventDecoder.Decoded decoded;
		try {
			decoded = this.decoder.decode(delivery.message, this.method.dataType());
		}
		catch (PoisonEventException ex) {
			handlePoison(delivery, ex);
			return null;
		}
		JetStreamEvent<Message> event = delivery.watch(new JetStreamEvent<>(delivery.message, decoded.data(),
				decoded.occurredAt(), this.callOptions, this.confirmAcks));
		if (this.deadLetterSubject != null) {
			event.onPermanentReject((rejected, options) -> giveUp(delivery, rejected,
					"rejected permanently by the listener", null));
		}
		return event;
	}

	/** Whether this is the event's last delivery attempt (the server will not deliver it again). */
	boolean lastAttempt(JetStreamEvent<?> event) {
		long max = this.maxDeliveryAttempts.getAsLong();
		return max > 0 && event.deliveryAttempt() >= max;
	}

	/** Ends a delivery: stops pinging it and reports it unsettled if it is. */
	void close(Delivery delivery) {
		delivery.tracking.stop();
		if (!delivery.reported) {
			this.observer.outcome(this.listenerId, delivery.message, Outcome.UNSETTLED, delivery.failure);
		}
	}

	private void invoke(Delivery delivery, JetStreamEvent<Message> event) {
		try {
			this.observer.invoke(this.listenerId, event, () -> {
				Object returned = this.method.invoke(event);
				if (this.forwarder != null) {
					this.forwarder.forward(returned, event);
				}
			});
		}
		catch (Throwable ex) {
			delivery.failure = ex;
			if (event.isSettled()) {
				logger.warn("Listener '" + this.listenerId + "' threw after settling event " + event.id()
						+ " of stream '" + event.stream() + "'", ex);
			}
			else {
				reject(delivery, event, ex);
			}
			return;
		}
		if (!event.isSettled() && this.ackMode != AckMode.MANUAL) {
			settle(event, Settlement.ACKED);
		}
	}

	/** Rejects an event the method failed on, per the reject policy (giving it up if it is exhausted). */
	void reject(Delivery delivery, JetStreamEvent<?> event, Throwable failure) {
		Duration delay;
		try {
			delay = this.rejectPolicy.decide(event, failure);
		}
		catch (RuntimeException ex) {
			logger.error("Reject policy of listener '" + this.listenerId + "' failed; redelivering event "
					+ event.id() + " of stream '" + event.stream() + "' after " + DEAD_LETTER_RETRY_DELAY, ex);
			delay = DEAD_LETTER_RETRY_DELAY;
		}
		long max = this.maxDeliveryAttempts.getAsLong();
		boolean lastAttempt = max > 0 && event.deliveryAttempt() >= max;
		String failureText = failure.getClass().getName() + ": " + failure.getMessage();
		if (delay.isNegative() || lastAttempt) {
			String reason = lastAttempt && !delay.isNegative()
					? "failed on the last of " + max + " delivery attempts: " + failureText : failureText;
			logger.error("Listener '" + this.listenerId + "' gives up on event " + event.id() + " of stream '"
					+ event.stream() + "' (attempt " + event.deliveryAttempt() + "): " + reason, failure);
			giveUp(delivery, event, reason, failure);
			return;
		}
		logger.warn("Listener '" + this.listenerId + "' failed on event " + event.id() + " of stream '"
				+ event.stream() + "' (attempt " + event.deliveryAttempt() + "), redelivering after " + delay + ": "
				+ failureText);
		settle(event, Settlement.redeliver(delay));
	}

	private void handlePoison(Delivery delivery, PoisonEventException ex) {
		io.nats.client.Message message = delivery.message;
		DeliveryMetadata metaData = DeliveryMetadata.of(message);
		delivery.failure = ex;
		logger.warn("Poison event in stream '" + metaData.stream() + "' id " + metaData.streamSequence()
				+ " for listener '" + this.listenerId + "': " + ex.getMessage()
				+ ((this.deadLetterSubject != null) ? "; dead-lettering it to '" + this.deadLetterSubject + "'"
						: "; terminating it"));
		JetStreamEvent<byte[]> raw = delivery.watch(new JetStreamEvent<>(message, message.getData(),
				metaData.timestamp(), this.callOptions, this.confirmAcks));
		giveUp(delivery, raw, "poison event: " + ex.getMessage(), ex);
	}

	private void giveUp(Delivery delivery, JetStreamEvent<?> event, String reason, @Nullable Throwable failure) {
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
			// confirmed: if a lost terminate let the event come back, it would be dead-lettered twice
			settle(event, Settlement.TERMINATED, true);
			return;
		}
		settle(event, Settlement.TERMINATED);
	}

	void settle(JetStreamEvent<?> event, Settlement settlement) {
		settle(event, settlement, this.confirmAcks);
	}

	private void settle(JetStreamEvent<?> event, Settlement settlement, boolean confirm) {
		try {
			event.settle(settlement, this.callOptions, confirm);
		}
		catch (WindshiftException ex) {
			logger.error("Listener '" + this.listenerId + "': " + ex.getMessage()
					+ "; the server redelivers it after the processing timeout");
		}
	}

	/** One delivered message on its way through the handler. */
	final class Delivery {

		final io.nats.client.Message message;

		final AutoPinger.Tracking tracking;

		volatile @Nullable Throwable failure;

		volatile boolean deadLettered;

		volatile boolean reported;

		Delivery(io.nats.client.Message message, AutoPinger.Tracking tracking) {
			this.message = message;
			this.tracking = tracking;
		}

		<E extends JetStreamEvent<?>> E watch(E event) {
			event.onSettled((settlement) -> {
				this.tracking.stop();
				this.reported = true;
				try {
					ListenerEventHandler.this.observer.outcome(ListenerEventHandler.this.listenerId, this.message,
							outcome(settlement), this.failure);
				}
				catch (RuntimeException ex) {
					logger.warn("Listener observer failed", ex);
				}
			});
			return event;
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
