package io.windshift.listener;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.google.protobuf.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import org.junit.jupiter.api.Test;

import io.windshift.events.PoisonEventException;
import io.windshift.events.ProtobufTypeRegistry;
import io.windshift.events.WireHeaders;
import io.windshift.test.proto.OrderCreated;
import io.windshift.test.proto.OrderShipped;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Decoding and poison detection, without a server (decoding does not touch JetStream
 * metadata).
 */
class EventDecoderTests {

	private final ProtobufTypeRegistry types = new ProtobufTypeRegistry(List.of("io.windshift.test.proto"), null);

	private final EventDecoder decoder = new EventDecoder(this.types);

	private static NatsMessage message(Headers headers, byte[] data) {
		return NatsMessage.builder().subject("orders.created").headers(headers).data(data).build();
	}

	private static Headers headers(String type, String time) {
		Headers headers = new Headers();
		if (type != null) {
			headers.put(WireHeaders.DATA_TYPE, type);
		}
		if (time != null) {
			headers.put(WireHeaders.PUBLISHED_TIME, time);
		}
		return headers;
	}

	private static final byte[] ORDER = OrderCreated.newBuilder().setOrderId("o-1").build().toByteArray();

	@Test
	void decodesTheListenersTypeAndAnyOffsetWithNanos() {
		EventDecoder.Decoded decoded = this.decoder.decode(
				message(headers("windshift.test.v1.OrderCreated", "2025-11-03T10:15:30.123456789-05:00"), ORDER),
				OrderCreated.class);
		assertThat(decoded.data()).isEqualTo(OrderCreated.newBuilder().setOrderId("o-1").build());
		assertThat(decoded.occurredAt()).isEqualTo(Instant.parse("2025-11-03T15:15:30.123456789Z"));
	}

	@Test
	void decodesAnyRegisteredTypeFoundByScanning() {
		byte[] shipped = OrderShipped.newBuilder().setOrderId("o-2").setCarrier("dhl").build().toByteArray();
		Message data = this.decoder
			.decode(message(headers("windshift.test.v1.OrderShipped", "2025-11-03T10:15:30Z"), shipped), Message.class)
			.data();
		assertThat(data).isInstanceOf(OrderShipped.class);
	}

	@Test
	void missingTypeHeaderIsPoison() {
		assertThatExceptionOfType(PoisonEventException.class)
			.isThrownBy(() -> this.decoder.decode(message(headers(null, "2025-11-03T10:15:30Z"), ORDER), null))
			.withMessageContaining("no WS-Data-Type header");
	}

	@Test
	void unknownTypeIsPoison() {
		assertThatExceptionOfType(PoisonEventException.class)
			.isThrownBy(() -> this.decoder.decode(message(headers("nope.v1.Unknown", "2025-11-03T10:15:30Z"), ORDER),
					Message.class))
			.withMessageContaining("unknown WS-Data-Type 'nope.v1.Unknown'");
	}

	@Test
	void typeTheListenerDoesNotTakeIsPoison() {
		assertThatExceptionOfType(PoisonEventException.class)
			.isThrownBy(() -> this.decoder.decode(
					message(headers("windshift.test.v1.OrderShipped", "2025-11-03T10:15:30Z"), ORDER),
					OrderCreated.class))
			.withMessageContaining("is not the listener's type 'windshift.test.v1.OrderCreated'");
	}

	@Test
	void unparseableBytesArePoison() {
		assertThatExceptionOfType(PoisonEventException.class)
			.isThrownBy(
					() -> this.decoder.decode(
							message(headers("windshift.test.v1.OrderCreated", "2025-11-03T10:15:30Z"),
									"\u00ff\u00ff\u00ff garbage".getBytes(StandardCharsets.ISO_8859_1)),
							OrderCreated.class))
			.withMessageContaining("does not parse as windshift.test.v1.OrderCreated");
	}

	@Test
	void malformedPublishedTimeIsPoisonNotTimeZero() {
		assertThatExceptionOfType(PoisonEventException.class)
			.isThrownBy(() -> this.decoder
				.decode(message(headers("windshift.test.v1.OrderCreated", "yesterday"), ORDER), OrderCreated.class))
			.withMessageContaining("malformed WS-Published-Time 'yesterday'");
	}

}
