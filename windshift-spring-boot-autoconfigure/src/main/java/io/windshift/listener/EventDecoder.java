package io.windshift.listener;

import java.time.Instant;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.nats.client.impl.Headers;
import org.jspecify.annotations.Nullable;

import io.windshift.events.PoisonEventException;
import io.windshift.events.ProtobufTypeRegistry;
import io.windshift.events.WireHeaders;
import io.windshift.events.internal.DeliveryMetadata;
import io.windshift.events.internal.PublishedTime;

/**
 * Decodes the payload and headers of a received JetStream message, detecting poison
 * events: every way a message can fail to become typed data raises a
 * {@link PoisonEventException} that says why.
 */
final class EventDecoder {

	private final ProtobufTypeRegistry types;

	/**
	 * The last expected type's prototype: a listener decodes one type, found once instead
	 * of per event.
	 */
	private volatile @Nullable Message expectedPrototype;

	EventDecoder(ProtobufTypeRegistry types) {
		this.types = types;
	}

	/**
	 * Decodes a message.
	 * @param message the received message
	 * @param expected the type the listener takes, or {@code null} (or {@code Message})
	 * for any registered type
	 * @return the data and the time it occurred
	 * @throws PoisonEventException if the message cannot be decoded into the expected
	 * type
	 */
	Decoded decode(io.nats.client.Message message, @Nullable Class<? extends Message> expected) {
		Headers headers = message.getHeaders();
		return decode(message, (headers != null) ? headers.getFirst(WireHeaders.DATA_TYPE) : null, expected);
	}

	/**
	 * Decodes a message whose {@link WireHeaders#DATA_TYPE} header the caller read
	 * already.
	 * @param message the received message
	 * @param typeName the value of its type header, or {@code null} if it has none
	 * @param expected the type the listener takes, or {@code null} (or {@code Message})
	 * for any registered type
	 * @return the data and the time it occurred
	 * @throws PoisonEventException if the message cannot be decoded into the expected
	 * type
	 */
	Decoded decode(io.nats.client.Message message, @Nullable String typeName,
			@Nullable Class<? extends Message> expected) {
		Headers headers = message.getHeaders();
		if (typeName == null || typeName.isBlank()) {
			throw new PoisonEventException("no " + WireHeaders.DATA_TYPE + " header");
		}
		Message prototype = prototype(typeName, expected);
		Message data;
		try {
			data = prototype.getParserForType().parseFrom(message.getData());
		}
		catch (InvalidProtocolBufferException ex) {
			throw new PoisonEventException("payload does not parse as " + typeName + ": " + ex.getMessage(), ex);
		}
		return new Decoded(data, occurredAt(message, headers));
	}

	private Message prototype(String typeName, @Nullable Class<? extends Message> expected) {
		if (expected == null || expected == Message.class) {
			return this.types.find(typeName)
				.orElseThrow(() -> new PoisonEventException("unknown " + WireHeaders.DATA_TYPE + " '" + typeName
						+ "' (no generated protobuf type with that name is known)"));
		}
		Message prototype = this.expectedPrototype;
		if (prototype == null || prototype.getClass() != expected) {
			prototype = ProtobufTypeRegistry.defaultInstance(expected);
			this.expectedPrototype = prototype;
		}
		String expectedName = prototype.getDescriptorForType().getFullName();
		if (!expectedName.equals(typeName)) {
			throw new PoisonEventException(
					WireHeaders.DATA_TYPE + " '" + typeName + "' is not the listener's type '" + expectedName + "'");
		}
		return prototype;
	}

	private Instant occurredAt(io.nats.client.Message message, @Nullable Headers headers) {
		String published = (headers != null) ? headers.getFirst(WireHeaders.PUBLISHED_TIME) : null;
		if (published == null) {
			return message.isJetStream() ? DeliveryMetadata.of(message).timestamp() : Instant.now();
		}
		try {
			return PublishedTime.parse(published.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new PoisonEventException("malformed " + ex.getMessage(), ex);
		}
	}

	/**
	 * A decoded message.
	 *
	 * @param data the protobuf data
	 * @param occurredAt when the publisher says it happened (the stream's time if it did
	 * not say)
	 */
	record Decoded(Message data, Instant occurredAt) {
	}

}
