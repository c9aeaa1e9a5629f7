package io.windshift.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.google.protobuf.InvalidProtocolBufferException;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.windshift.events.WireHeaders;
import io.windshift.listener.DeadLetterPublisher;
import io.windshift.listener.ListenerState;
import io.windshift.listener.WindshiftListenerEndpointRegistry;
import io.windshift.test.NatsServer;
import io.windshift.test.ReliabilityFigures;
import io.windshift.test.StreamContents;
import io.windshift.test.proto.OrderCreated;
import io.windshift.test.proto.OrderShipped;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Hostile payloads between good events: every poison event is dead-lettered with a reason
 * that says what is wrong, never reaches the method, and the listener keeps handling the
 * good events around it.
 */
@Tag("reliability")
class ListenerBadInputTests {

	@Test
	void poisonEventsAreDeadLetteredAndTheListenerKeepsGoing() throws Exception {
		ReliabilityFigures figures = new ReliabilityFigures();
		try (NatsServer server = NatsServer.start()) {
			ReliabilityApp.runner(server.url(), figures, ReliabilityApp.Behaviour.NONE)
				.withPropertyValues("windshift.streams.dlq.subjects=dlq.>", "test.dlq=dlq.ledger")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					Connection connection = context.getBean(Connection.class);
					byte[] good = OrderCreated.newBuilder()
						.setOrderId("x")
						.setCustomer("a customer")
						.setAmountCents(12_345)
						.build()
						.toByteArray();
					Map<String, Poison> poisons = new LinkedHashMap<>();
					poisons.put("random bytes", new Poison(typed(OrderCreated.getDescriptor().getFullName()),
							randomUnparseableBytes(), "does not parse"));
					poisons.put("truncated protobuf", new Poison(typed(OrderCreated.getDescriptor().getFullName()),
							truncated(good), "does not parse"));
					poisons.put("missing WS-Data-Type", new Poison(new Headers(), good, "no WS-Data-Type header"));
					poisons.put("unknown WS-Data-Type", new Poison(typed("other.v1.Unknown"), good, "WS-Data-Type"));
					poisons.put("other type",
							new Poison(typed(OrderShipped.getDescriptor().getFullName()),
									OrderShipped.newBuilder().setOrderId("s").build().toByteArray(),
									"is not the listener's type"));
					Headers badTime = typed(OrderCreated.getDescriptor().getFullName());
					badTime.put(WireHeaders.PUBLISHED_TIME, "yesterday at noon");
					poisons.put("malformed WS-Published-Time",
							new Poison(badTime, good, "malformed WS-Published-Time"));

					int goodEvents = 0;
					List<String> poisonOrder = new ArrayList<>();
					for (Map.Entry<String, Poison> entry : poisons.entrySet()) {
						for (int i = 0; i < 50; i++) {
							String id = "good-" + goodEvents++;
							publishGood(connection, id, figures);
						}
						raw(connection, entry.getValue().headers(), entry.getValue().payload());
						poisonOrder.add(entry.getKey());
					}
					// edge cases that are valid events: an empty body is the default
					// message; a body near the
					// server's max payload is an ordinary event
					raw(connection, typed(OrderCreated.getDescriptor().getFullName()), new byte[0]);
					long maxPayload = connection.getServerInfo().getMaxPayload();
					OrderCreated huge = OrderCreated.newBuilder()
						.setOrderId("huge")
						.setCustomer("h".repeat((int) maxPayload - 1024))
						.build();
					figures.published();
					raw(connection, typed(OrderCreated.getDescriptor().getFullName()), huge.toByteArray());
					figures.acknowledged("huge");
					for (int i = 0; i < 50; i++) {
						publishGood(connection, "good-" + goodEvents++, figures);
					}
					int allGood = goodEvents;
					await().atMost(Duration.ofSeconds(30))
						.until(() -> figures.lost() == 0 && count(connection, "dlq") == poisons.size());
					assertThat(context.getBean(WindshiftListenerEndpointRegistry.class).getState("ledger"))
						.isEqualTo(ListenerState.RUNNING);

					List<Message> deadLetters = StreamContents.read(connection, "dlq");
					assertThat(deadLetters).hasSize(poisons.size());
					for (int i = 0; i < poisonOrder.size(); i++) {
						Poison poison = poisons.get(poisonOrder.get(i));
						Message deadLetter = deadLetters.get(i);
						assertThat(deadLetter.getHeaders().getFirst(DeadLetterPublisher.REASON)).as(poisonOrder.get(i))
							.startsWith("poison event: ")
							.contains(poison.reason());
						assertThat(deadLetter.getData()).as("payload intact").isEqualTo(poison.payload());
					}
					// a duplicate of an already handled event: with its idempotency key
					// it is not stored again;
					// re-published without a key it is a new event and is handled again
					// (handlers must be idempotent)
					PublishAck dedup = publishKeyed(connection, "good-0");
					assertThat(dedup.isDuplicate()).isTrue();
					publishRaw(connection, "good-1");
					await().atMost(Duration.ofSeconds(10)).until(() -> figures.duplicates() == 1);
					String line = figures.report("poison-events", "good=" + allGood + " poison=" + poisons.size()
							+ " deadLettered=" + deadLetters.size() + " (duplicate=the deliberate raw re-publish)");
					assertThat(figures.lost()).as(line).isZero();
				});
		}
	}

	private record Poison(Headers headers, byte[] payload, String reason) {
	}

	private static Headers typed(String type) {
		Headers headers = new Headers();
		headers.put(WireHeaders.DATA_TYPE, type);
		headers.put(WireHeaders.PUBLISHED_TIME, Instant.now().toString());
		return headers;
	}

	/** Cut inside the length-delimited customer field: the parser runs out of bytes. */
	private static byte[] truncated(byte[] good) {
		return java.util.Arrays.copyOf(good, good.length / 2);
	}

	private static byte[] randomUnparseableBytes() {
		Random random = new Random(42);
		while (true) {
			byte[] bytes = new byte[64];
			random.nextBytes(bytes);
			try {
				OrderCreated.parseFrom(bytes);
			}
			catch (InvalidProtocolBufferException ex) {
				return bytes;
			}
		}
	}

	private static void publishGood(Connection connection, String id, ReliabilityFigures figures) throws Exception {
		figures.published();
		publishKeyed(connection, id);
		figures.acknowledged(id);
	}

	private static PublishAck publishKeyed(Connection connection, String id) throws Exception {
		Headers headers = typed(OrderCreated.getDescriptor().getFullName());
		headers.put(WireHeaders.MSG_ID, id);
		return raw(connection, headers, OrderCreated.newBuilder().setOrderId(id).build().toByteArray());
	}

	private static PublishAck publishRaw(Connection connection, String id) throws Exception {
		return raw(connection, typed(OrderCreated.getDescriptor().getFullName()),
				OrderCreated.newBuilder().setOrderId(id).build().toByteArray());
	}

	private static PublishAck raw(Connection connection, Headers headers, byte[] payload) throws Exception {
		return connection.jetStream()
			.publish(NatsMessage.builder().subject("ledger.entry").headers(headers).data(payload).build());
	}

	private static long count(Connection connection, String stream) throws Exception {
		return connection.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount();
	}

	@Test
	void randomAndTruncatedBytesReallyDoNotParse() {
		assertThatExceptionOfType(InvalidProtocolBufferException.class)
			.isThrownBy(() -> OrderCreated.parseFrom(randomUnparseableBytes()));
		byte[] good = OrderCreated.newBuilder()
			.setOrderId("x")
			.setCustomer("a customer")
			.setAmountCents(12_345)
			.build()
			.toByteArray();
		assertThatExceptionOfType(InvalidProtocolBufferException.class)
			.isThrownBy(() -> OrderCreated.parseFrom(truncated(good)));
	}

}
