package io.windshift.events;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.test.TestConnections;
import io.windshift.test.NatsServer;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A publish with an idempotency key is retried within its timeout by default (it rides
 * through a short server restart); without a key, or with the retry switched off, it is
 * attempted once and its outcome is unknown.
 */
class KeyedPublishRetryTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create();

	private static OrderCreated order(String id) {
		return OrderCreated.newBuilder().setOrderId(id).build();
	}

	@Test
	void aKeyedPublishThatTimesOutIsRetriedWithinItsTimeoutAndOnlyThen() throws Exception {
		try (Connection silent = TestConnections.connect(nats.url());
				WindshiftTemplate template = WindshiftTemplate.builder(nats.connection())
					.timeout(Duration.ofMillis(800))
					.build();
				WindshiftTemplate once = WindshiftTemplate.builder(nats.connection())
					.timeout(Duration.ofMillis(800))
					.retryWithIdempotencyKey(false)
					.build()) {
			List<Message> received = new CopyOnWriteArrayList<>();
			Dispatcher dispatcher = silent.createDispatcher(received::add);
			dispatcher.subscribe("silent.keyed");
			silent.flush(Duration.ofSeconds(2));
			// answers never come: the keyed publish is sent again (same key) within its
			// timeout
			long start = System.nanoTime();
			assertThatExceptionOfType(PublishTimeoutException.class).isThrownBy(() -> template
				.publish(OutgoingEvent.builder("silent.keyed", order("k-1")).idempotencyKey("k-1").build()));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
			await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(received).hasSizeGreaterThan(1));
			assertThat(received).allSatisfy((m) -> assertThat(m.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo("k-1"));

			received.clear();
			assertThatExceptionOfType(PublishTimeoutException.class)
				.isThrownBy(() -> template.publish(OutgoingEvent.of("silent.keyed", order("no-key"))))
				.satisfies((ex) -> assertThat(ex.isOutcomeUnknown()).isTrue());
			assertThatExceptionOfType(PublishTimeoutException.class).isThrownBy(() -> once
				.publish(OutgoingEvent.builder("silent.keyed", order("k-2")).idempotencyKey("k-2").build()));
			silent.flush(Duration.ofSeconds(2));
			await().during(Duration.ofMillis(300))
				.atMost(Duration.ofSeconds(2))
				.untilAsserted(() -> assertThat(received).hasSize(2));
		}
	}

	@Test
	void aKeyedPublishRidesThroughAShortServerRestartAndIsStoredOnce() throws Exception {
		try (NatsServer server = NatsServer.start();
				Connection connection = Nats.connect(Options.builder()
					.server(server.url())
					.maxReconnects(-1)
					.reconnectWait(Duration.ofMillis(50))
					.build());
				WindshiftTemplate template = WindshiftTemplate.builder(connection)
					.timeout(Duration.ofSeconds(15))
					.build()) {
			connection.jetStreamManagement()
				.addStream(StreamConfiguration.builder()
					.name("stock")
					.subjects("stock.>")
					.storageType(StorageType.File)
					.build());
			template.publish("stock.received", order("before"));
			server.stop();
			await().until(() -> connection.getStatus() != Connection.Status.CONNECTED);
			CompletableFuture<PublishedEvent> keyed = template.publishAsync(
					OutgoingEvent.builder("stock.received", order("during")).idempotencyKey("during-1").build());
			server.restart();
			PublishedEvent published = keyed.get(20, TimeUnit.SECONDS);
			assertThat(published.duplicate()).isFalse();
			assertThat(connection.jetStreamManagement().getStreamInfo("stock").getStreamState().getMsgCount())
				.isEqualTo(2);
		}
		catch (ExecutionException ex) {
			throw new AssertionError("the keyed publish did not ride through the restart", ex);
		}
	}

}
