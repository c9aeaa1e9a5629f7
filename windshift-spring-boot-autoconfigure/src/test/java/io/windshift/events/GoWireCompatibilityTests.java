package io.windshift.events;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.windshift.test.TestConnections;
import io.windshift.test.NatsServer;
import io.windshift.test.proto.OrderCreated;
import io.windshift.test.proto.OrderShipped;
import io.windshift.events.internal.PublishedTime;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads what the template stored the way windshift-go does: from the stream, with nothing
 * but the payload and the {@code WS-Data-Type} / {@code WS-Published-Time} headers
 * (case-sensitive names), looking the type up by its full protobuf name.
 */
class GoWireCompatibilityTests {

	/**
	 * Go's time.RFC3339Nano output: fraction without trailing zeros, Z or a numeric
	 * offset.
	 */
	private static final Pattern GO_RFC3339_NANO = Pattern
		.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{0,8}[1-9])?(Z|[+-]\\d{2}:\\d{2})");

	/**
	 * What a Go service has registered: full message name to parser, nothing
	 * Java-specific.
	 */
	private static final Map<String, Function<byte[], Message>> GO_REGISTRY = Map.of("windshift.test.v1.OrderCreated",
			(bytes) -> parse(() -> OrderCreated.parseFrom(bytes)), "windshift.test.v1.OrderShipped",
			(bytes) -> parse(() -> OrderShipped.parseFrom(bytes)));

	@Test
	void aGoConsumerDecodesWhatTheTemplatePublished() throws Exception {
		try (NatsServer server = NatsServer.start();
				Connection connection = TestConnections.connect(server.url());
				WindshiftTemplate template = new WindshiftTemplate(connection)) {
			connection.jetStreamManagement()
				.addStream(StreamConfiguration.builder()
					.name("orders")
					.subjects("orders.>")
					.storageType(StorageType.Memory)
					.build());
			OrderCreated created = OrderCreated.newBuilder()
				.setOrderId("o-1")
				.setCustomer("acme")
				.setAmountCents(4200)
				.build();
			OrderShipped shipped = OrderShipped.newBuilder().setOrderId("o-1").setCarrier("dhl").build();
			Instant occurredAt = Instant.parse("2026-11-27T20:25:37.120000000Z");
			template.publish(OutgoingEvent.builder("orders.created", created).occurredAt(occurredAt).build());
			Instant before = Instant.now();
			template.publish(OutgoingEvent.builder("orders.shipped", shipped).idempotencyKey("ship-o-1").build());

			JetStreamSubscription sub = connection.jetStream()
				.subscribe("orders.>", PullSubscribeOptions.builder().build());
			var messages = sub.fetch(2, Duration.ofSeconds(5));
			assertThat(messages).hasSize(2);

			Decoded first = decodeAsGo(messages.get(0).getHeaders(), messages.get(0).getData());
			assertThat(first.data()).isEqualTo(created);
			assertThat(first.occurredAt()).isEqualTo(occurredAt);
			assertThat(first.rawTime()).isEqualTo("2026-11-27T20:25:37.12Z");

			Decoded second = decodeAsGo(messages.get(1).getHeaders(), messages.get(1).getData());
			assertThat(second.data()).isEqualTo(shipped);
			assertThat(second.occurredAt()).isBetween(before.minusSeconds(1), Instant.now());
			assertThat(messages.get(1).getHeaders().getFirst("Nats-Msg-Id")).isEqualTo("ship-o-1");
			messages.forEach(io.nats.client.Message::ack);
		}
	}

	@Test
	void timesGoWritesWithAnOffsetAreUnderstood() {
		// time.Now().Format(time.RFC3339Nano) in a Europe/Berlin process
		assertThat(PublishedTime.parse("2026-11-27T21:25:37.1234+01:00"))
			.isEqualTo(Instant.parse("2026-11-27T20:25:37.1234Z"));
		assertThat(
				GO_RFC3339_NANO.matcher(PublishedTime.format(Instant.parse("2026-11-27T20:25:37.000001Z"))).matches())
			.isTrue();
	}

	private static Decoded decodeAsGo(Headers headers, byte[] payload) {
		// Go's nats.Header is a map[string][]string with case-sensitive keys: exact names
		// only
		String type = headers.getFirst("WS-Data-Type");
		String time = headers.getFirst("WS-Published-Time");
		assertThat(type).isNotNull();
		assertThat(time).isNotNull().matches(GO_RFC3339_NANO);
		Function<byte[], Message> parser = GO_REGISTRY.get(type);
		assertThat(parser).as("registered type %s", type).isNotNull();
		return new Decoded(parser.apply(payload), PublishedTime.parse(time), time);
	}

	private static Message parse(ProtoParse parse) {
		try {
			return parse.parse();
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private interface ProtoParse {

		Message parse() throws InvalidProtocolBufferException;

	}

	private record Decoded(Message data, Instant occurredAt, String rawTime) {
	}

}
