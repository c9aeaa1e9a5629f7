package io.windshift.listener;

import java.util.function.Function;

import com.google.protobuf.Message;
import org.jspecify.annotations.Nullable;

import io.windshift.events.JetStreamEvent;
import io.windshift.events.PoisonEventException;
import io.windshift.events.WireHeaders;

/**
 * Gives the ordering key of a delivered message, per a listener's {@code orderBy}: the
 * whole subject, one token of it, or an {@link OrderingKey} bean (which sees the decoded
 * event; events that do not decode are keyed by their subject).
 */
abstract class OrderingKeys {

	static final String SUBJECT = "subject";

	static final String SUBJECT_TOKEN = "subject-token:";

	/** The key of a message; never {@code null}. */
	abstract String keyOf(io.nats.client.Message message);

	/**
	 * The keys for an {@code orderBy} value, or {@code null} for no ordering.
	 * @param beans finds an {@link OrderingKey} bean by name
	 * @throws IllegalArgumentException for an invalid subject token or an unknown bean,
	 * saying why
	 */
	static @Nullable OrderingKeys of(@Nullable String orderBy, Function<String, OrderingKey> beans,
			HandlerMethods methods, EventDecoder decoder) {
		if (orderBy == null || orderBy.isBlank()) {
			return null;
		}
		if (orderBy.equals(SUBJECT)) {
			return new SubjectKeys(0);
		}
		if (orderBy.startsWith(SUBJECT_TOKEN)) {
			String number = orderBy.substring(SUBJECT_TOKEN.length()).trim();
			int token;
			try {
				token = Integer.parseInt(number);
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("orderBy '" + orderBy + "': '" + number
						+ "' is not a token number (subject-token:<n>, n from 1)", ex);
			}
			if (token < 1) {
				throw new IllegalArgumentException("orderBy '" + orderBy + "': tokens are numbered from 1");
			}
			return new SubjectKeys(token);
		}
		OrderingKey bean;
		try {
			bean = beans.apply(orderBy);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("orderBy '" + orderBy + "' is neither 'subject', 'subject-token:<n>' "
					+ "nor the name of an OrderingKey bean (" + ex.getMessage() + ")", ex);
		}
		return new BeanKeys(bean, methods, decoder);
	}

	/**
	 * The whole subject, or its n-th token (the whole subject if it has fewer tokens).
	 */
	private static final class SubjectKeys extends OrderingKeys {

		private final int token;

		SubjectKeys(int token) {
			this.token = token;
		}

		@Override
		String keyOf(io.nats.client.Message message) {
			String subject = message.getSubject();
			if (this.token == 0) {
				return subject;
			}
			int start = 0;
			for (int i = 1; i < this.token; i++) {
				int dot = subject.indexOf('.', start);
				if (dot < 0) {
					return subject;
				}
				start = dot + 1;
			}
			int end = subject.indexOf('.', start);
			return (end < 0) ? subject.substring(start) : subject.substring(start, end);
		}

	}

	/** What an {@link OrderingKey} bean says of the decoded event. */
	private static final class BeanKeys extends OrderingKeys {

		private final OrderingKey bean;

		private final HandlerMethods methods;

		private final EventDecoder decoder;

		BeanKeys(OrderingKey bean, HandlerMethods methods, EventDecoder decoder) {
			this.bean = bean;
			this.methods = methods;
			this.decoder = decoder;
		}

		@Override
		String keyOf(io.nats.client.Message message) {
			io.nats.client.impl.Headers headers = message.getHeaders();
			ListenerMethod method = this.methods
				.forType((headers != null) ? headers.getFirst(WireHeaders.DATA_TYPE) : null);
			try {
				EventDecoder.Decoded decoded = this.decoder.decode(message,
						(method != null) ? method.dataType() : Message.class);
				String key = this.bean.keyOf(new DeliveredEvent<>(message, decoded.data(), decoded.occurredAt(),
						JetStreamEvent.DEFAULT_CALL_OPTIONS, false));
				return (key != null) ? key : "";
			}
			catch (PoisonEventException ex) {
				return message.getSubject();
			}
		}

	}

}
