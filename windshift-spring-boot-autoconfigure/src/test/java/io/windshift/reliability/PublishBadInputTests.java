package io.windshift.reliability;

import java.time.Duration;

import io.nats.client.Connection;
import io.windshift.test.TestConnections;
import io.windshift.admin.WindshiftAdmin;
import io.windshift.events.OutgoingEvent;
import io.windshift.events.PublishedEvent;
import io.windshift.events.WindshiftException;
import io.windshift.events.WindshiftTemplate;
import io.windshift.streams.StreamDefinition;
import io.windshift.test.NatsServer;
import io.windshift.test.proto.OrderCreated;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Hostile input on the publishing side: duplicates (with and without an idempotency key)
 * and bodies at and beyond the server's and the stream's size limits. Each fails clearly,
 * stores nothing, and the next publish works.
 */
@Tag("reliability")
class PublishBadInputTests {

	private static NatsServer server;

	private static Connection connection;

	private static WindshiftTemplate template;

	@BeforeAll
	static void start() throws Exception {
		server = NatsServer.start();
		connection = TestConnections.connect(server.url());
		template = WindshiftTemplate.builder(connection).timeout(Duration.ofSeconds(5)).build();
		WindshiftAdmin admin = new WindshiftAdmin(connection);
		admin.ensureStream(StreamDefinition.builder("orders").subjects("orders.>").build());
		admin.ensureStream(StreamDefinition.builder("small").subjects("small.>").maxEventSize(1024).build());
	}

	@AfterAll
	static void stop() throws Exception {
		template.close();
		connection.close();
		server.close();
	}

	private static long stored(String stream) throws Exception {
		return connection.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount();
	}

	private static OrderCreated order(String id) {
		return OrderCreated.newBuilder().setOrderId(id).build();
	}

	@Test
	void theSameIdempotencyKeyStoresOneEventAndARawRepublishIsANewEvent() throws Exception {
		long before = stored("orders");
		OutgoingEvent keyed = OutgoingEvent.builder("orders.dedup", order("dup-1")).idempotencyKey("dup-1").build();
		PublishedEvent first = template.publish(keyed);
		PublishedEvent again = template.publish(keyed);
		PublishedEvent sameKeyOtherBody = template
			.publish(OutgoingEvent.builder("orders.dedup", order("dup-1-changed")).idempotencyKey("dup-1").build());
		assertThat(first.duplicate()).isFalse();
		assertThat(again.duplicate()).isTrue();
		assertThat(again.id()).isEqualTo(first.id());
		assertThat(sameKeyOtherBody.duplicate()).isTrue();
		assertThat(sameKeyOtherBody.id()).isEqualTo(first.id());
		assertThat(stored("orders")).isEqualTo(before + 1);
		// without a key the server cannot tell: a re-publish is a new event (handlers
		// must be idempotent)
		PublishedEvent raw1 = template.publish("orders.dedup", order("raw"));
		PublishedEvent raw2 = template.publish("orders.dedup", order("raw"));
		assertThat(raw2.id()).isEqualTo(raw1.id() + 1);
		assertThat(raw2.duplicate()).isFalse();
		assertThat(stored("orders")).isEqualTo(before + 3);
	}

	@Test
	void aBodyNearTheMaxPayloadIsStoredAndOneBeyondFailsClearly() throws Exception {
		long maxPayload = connection.getServerInfo().getMaxPayload();
		// room for the headers (type, published time) within the server's limit
		OrderCreated nearMax = OrderCreated.newBuilder()
			.setOrderId("big")
			.setCustomer("x".repeat((int) maxPayload - 1024))
			.build();
		PublishedEvent big = template.publish("orders.big", nearMax);
		assertThat(big.stream()).isEqualTo("orders");
		long before = stored("orders");
		OrderCreated tooBig = OrderCreated.newBuilder()
			.setOrderId("too-big")
			.setCustomer("x".repeat((int) maxPayload))
			.build();
		assertThatExceptionOfType(WindshiftException.class).isThrownBy(() -> template.publish("orders.big", tooBig))
			.satisfies((ex) -> {
				assertThat(ex.getMessage()).contains("'orders.big'").containsIgnoringCase("payload");
				assertThat(ex.isRetryable()).isFalse();
			});
		assertThat(template.publishAsync("orders.big", tooBig)).failsWithin(Duration.ofSeconds(5))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(WindshiftException.class);
		assertThat(stored("orders")).isEqualTo(before);
		assertThat(template.publish("orders.after", order("after-big")).id()).isEqualTo(big.id() + 1);
	}

	@Test
	void withoutJetStreamAPublishFailsAsUnboundAndIsNotRetryable() throws Exception {
		try (NatsServer plain = NatsServer.start(io.windshift.test.NatsServerConfig.defaults().withoutJetStream());
				Connection plainConnection = TestConnections.connect(plain.url());
				WindshiftTemplate plainTemplate = WindshiftTemplate.builder(plainConnection).build()) {
			long start = System.nanoTime();
			assertThatExceptionOfType(io.windshift.events.UnboundSubjectException.class)
				.isThrownBy(() -> plainTemplate.publish("orders.created", order("no-js")))
				.satisfies((ex) -> {
					assertThat(ex.isRetryable()).isFalse();
					assertThat(ex.getMessage()).contains("'orders.created'").contains("JetStream is enabled");
				});
			assertThat(plainTemplate.publishAsync("orders.created", order("no-js-async")))
				.failsWithin(Duration.ofSeconds(5))
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(io.windshift.events.UnboundSubjectException.class);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
		}
	}

	@Test
	void aBodyOverTheStreamsMaxEventSizeIsRejectedByTheServer() throws Exception {
		OrderCreated over = OrderCreated.newBuilder().setOrderId("over").setCustomer("y".repeat(2048)).build();
		assertThatExceptionOfType(WindshiftException.class).isThrownBy(() -> template.publish("small.x", over))
			.satisfies((ex) -> {
				assertThat(ex.getMessage()).contains("'small.x'").contains("rejected by the server");
				assertThat(ex.isRetryable()).isFalse();
			});
		assertThat(stored("small")).isZero();
		assertThat(template.publish("small.x", order("fits")).id()).isEqualTo(1);
	}

}
