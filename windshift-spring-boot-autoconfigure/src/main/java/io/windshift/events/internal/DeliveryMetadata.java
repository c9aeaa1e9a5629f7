package io.windshift.events.internal;

import java.time.Instant;

import io.nats.client.Message;
import org.jspecify.annotations.Nullable;

/**
 * What the server says about one delivery of a JetStream event: stream, consumer,
 * attempt, sequences, the time it was stored and how many events the consumer had left,
 * read from the event's reply subject
 * ({@code $JS.ACK.<stream>.<consumer>.<delivered>.<stream seq>.<consumer seq>.<nanos>.<pending>},
 * or the form with domain and account hash). Parsed without splitting or date objects,
 * since it is read for every event; jnats' {@code Message.metaData()} gives the same
 * figures with a {@code ZonedDateTime}, at several times the cost.
 *
 * @param stream the stream
 * @param consumer the consumer
 * @param deliveredCount which delivery attempt this is (1 for the first)
 * @param streamSequence the event's id in the stream
 * @param consumerSequence the delivery's sequence in the consumer
 * @param timestampNanos when the stream stored the event, in nanoseconds since the epoch
 * @param pendingCount how many events the consumer had not delivered yet
 */
public record DeliveryMetadata(String stream, String consumer, long deliveredCount, long streamSequence,
		long consumerSequence, long timestampNanos, long pendingCount) {

	private static final String PREFIX = "$JS.ACK.";

	/**
	 * Reads the metadata of a delivered JetStream event.
	 * @throws IllegalArgumentException if the message is not a JetStream delivery
	 */
	public static DeliveryMetadata of(Message message) {
		return parse(message.getReplyTo());
	}

	/**
	 * Parses a JetStream acknowledgement subject.
	 * @throws IllegalArgumentException if it is not one
	 */
	public static DeliveryMetadata parse(@Nullable String replyTo) {
		if (replyTo == null || !replyTo.startsWith(PREFIX)) {
			throw notADelivery(replyTo, null);
		}
		// token starts; the 9-token form has no domain and account hash, the 11- or
		// 12-token form has both
		int[] starts = new int[13];
		int tokens = 0;
		starts[tokens++] = 0;
		for (int i = 0; i < replyTo.length() && tokens < starts.length; i++) {
			if (replyTo.charAt(i) == '.') {
				starts[tokens++] = i + 1;
			}
		}
		int first;
		if (tokens == 9) {
			first = 2;
		}
		else if (tokens == 11 || tokens == 12) {
			first = 4;
		}
		else {
			throw notADelivery(replyTo, null);
		}
		try {
			return new DeliveryMetadata(token(replyTo, starts, tokens, first),
					token(replyTo, starts, tokens, first + 1), number(replyTo, starts, tokens, first + 2),
					number(replyTo, starts, tokens, first + 3), number(replyTo, starts, tokens, first + 4),
					number(replyTo, starts, tokens, first + 5), number(replyTo, starts, tokens, first + 6));
		}
		catch (NumberFormatException ex) {
			throw notADelivery(replyTo, ex);
		}
	}

	/**
	 * Reads only the delivery attempt from a reply subject, without parsing the rest
	 * (what a listener that takes only the data needs per event).
	 * @param replyTo the reply subject of a JetStream delivery
	 * @return which delivery attempt this is (1 for the first)
	 * @throws IllegalArgumentException if it is not the reply subject of a delivery
	 */
	public static long deliveredCount(@Nullable String replyTo) {
		return numberAfterConsumer(replyTo, 0);
	}

	/**
	 * Reads only the delivery's sequence in the consumer from its reply subject, without
	 * the rest (no strings made).
	 * @param replyTo the reply subject of a JetStream delivery
	 * @return the sequence of this delivery in the consumer (redeliveries included)
	 * @throws IllegalArgumentException if it is not the reply subject of a delivery
	 */
	public static long consumerSequence(@Nullable String replyTo) {
		return numberAfterConsumer(replyTo, 2);
	}

	/**
	 * Reads only the event's id in the stream from its reply subject, without the rest
	 * (no strings made).
	 * @param replyTo the reply subject of a JetStream delivery
	 * @return the event's stream sequence
	 * @throws IllegalArgumentException if it is not the reply subject of a delivery
	 */
	public static long streamSequence(@Nullable String replyTo) {
		return numberAfterConsumer(replyTo, 1);
	}

	/**
	 * Whether a reply subject is that of a delivery from this stream by this consumer,
	 * compared in place (no strings made): a caller that knows the names a delivery
	 * probably carries can keep its strings instead of parsing new ones.
	 * @param replyTo the reply subject, any
	 * @param stream the stream's name
	 * @param consumer the consumer's name
	 * @return whether the subject is a delivery's and names both
	 */
	public static boolean isFrom(@Nullable String replyTo, String stream, String consumer) {
		if (replyTo == null || !replyTo.startsWith(PREFIX)) {
			return false;
		}
		int dots = 0;
		for (int i = 0; i < replyTo.length(); i++) {
			if (replyTo.charAt(i) == '.') {
				dots++;
			}
		}
		// the stream is token 2 of the 9-token form, token 4 of the 11- or 12-token form
		int index = (dots == 8) ? 2 : (dots == 10 || dots == 11) ? 4 : -1;
		if (index < 0) {
			return false;
		}
		int start = 0;
		for (int token = 0; token < index; token++) {
			start = replyTo.indexOf('.', start) + 1;
		}
		int streamEnd = start + stream.length();
		if (replyTo.indexOf('.', start) != streamEnd || !replyTo.startsWith(stream, start)) {
			return false;
		}
		int consumerStart = streamEnd + 1;
		return replyTo.startsWith(consumer, consumerStart)
				&& replyTo.indexOf('.', consumerStart) == consumerStart + consumer.length();
	}

	/**
	 * The number {@code offset} tokens after the consumer's name: 0 the attempt, 1 the
	 * stream sequence, 2 the consumer sequence.
	 */
	private static long numberAfterConsumer(@Nullable String replyTo, int offset) {
		if (replyTo == null || !replyTo.startsWith(PREFIX)) {
			throw notADelivery(replyTo, null);
		}
		int dots = 0;
		for (int i = 0; i < replyTo.length(); i++) {
			if (replyTo.charAt(i) == '.') {
				dots++;
			}
		}
		// the attempt is token 4 of the 9-token form, token 6 of the 11- or 12-token form
		int index = (dots == 8) ? 4 : (dots == 10 || dots == 11) ? 6 : -1;
		if (index < 0) {
			throw notADelivery(replyTo, null);
		}
		index += offset;
		int start = 0;
		for (int token = 0; token < index; token++) {
			start = replyTo.indexOf('.', start) + 1;
		}
		int end = replyTo.indexOf('.', start);
		int[] starts = { start, end + 1 };
		try {
			return number(replyTo, starts, 2, 0);
		}
		catch (NumberFormatException ex) {
			throw notADelivery(replyTo, ex);
		}
	}

	/** When the stream stored the event. */
	public Instant timestamp() {
		return Instant.ofEpochSecond(0, this.timestampNanos);
	}

	private static IllegalArgumentException notADelivery(@Nullable String replyTo, @Nullable Exception cause) {
		return new IllegalArgumentException("Not a JetStream delivery: reply subject '" + replyTo + "'", cause);
	}

	private static String token(String subject, int[] starts, int tokens, int index) {
		return subject.substring(starts[index], end(subject, starts, tokens, index));
	}

	private static long number(String subject, int[] starts, int tokens, int index) {
		// plain decimal digits (what the server writes); a digit loop costs a fraction of
		// Long.parseLong's
		int end = end(subject, starts, tokens, index);
		int start = starts[index];
		if (end <= start || end - start > 19) {
			return Long.parseLong(subject, start, end, 10);
		}
		long value = 0;
		for (int i = start; i < end; i++) {
			int digit = subject.charAt(i) - '0';
			if (digit < 0 || digit > 9) {
				throw new NumberFormatException("not a number: '" + subject.substring(start, end) + "'");
			}
			try {
				value = Math.addExact(Math.multiplyExact(value, 10), digit);
			}
			catch (ArithmeticException ex) {
				throw new NumberFormatException("too large: '" + subject.substring(start, end) + "'");
			}
		}
		return value;
	}

	private static int end(String subject, int[] starts, int tokens, int index) {
		return (index + 1 < tokens) ? starts[index + 1] - 1 : subject.length();
	}

}
