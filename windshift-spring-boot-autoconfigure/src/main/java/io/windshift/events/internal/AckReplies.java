package io.windshift.events.internal;

import io.nats.client.Message;
import io.nats.client.impl.AckType;

/**
 * The bodies of the replies that settle or ping a JetStream message, and fire-and-forget
 * sends of them. The one class that uses jnats' internal {@code impl.AckType}.
 */
public final class AckReplies {

	private AckReplies() {
	}

	/**
	 * Tells the server, without waiting for it, that the message is still being worked
	 * on. Throws when it cannot be sent (the connection is closed, say).
	 */
	public static void ping(Message message) {
		message.getConnection().publish(message.getReplyTo(), AckType.AckProgress.bytes);
	}

	/**
	 * Rejects the message for redelivery now, without waiting for the server. Throws when
	 * it cannot be sent (the connection is closed, say).
	 */
	public static void redeliver(Message message) {
		message.getConnection().publish(message.getReplyTo(), AckType.AckNak.bytes);
	}

	/**
	 * Acknowledges the message without waiting for the server. Throws when it cannot be
	 * sent (the connection is closed, say).
	 */
	public static void ack(Message message) {
		message.getConnection().publish(message.getReplyTo(), AckType.AckAck.bytes);
	}

	/** The body of a ping ({@code +WPI}). */
	public static byte[] pingBody() {
		return AckType.AckProgress.bytes;
	}

	/** The body of the reply that settles a message as given. */
	public static byte[] body(Settlement settlement) {
		AckType type = switch (settlement.kind()) {
			case ACK -> AckType.AckAck;
			case REDELIVER -> AckType.AckNak;
			case TERMINATE -> AckType.AckTerm;
		};
		return type.bodyBytes(settlement.redeliveryDelay().toNanos());
	}

}
