package io.windshift.events;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.windshift.delays.Delays;
import io.windshift.test.NatsServer;
import io.windshift.test.proto.OrderCreated;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Publishing while the server restarts: publishes wait for the connection instead of
 * failing at once.
 */
class WindshiftTemplateReconnectTests {

	private static OrderCreated order(String id) {
		return OrderCreated.newBuilder().setOrderId(id).build();
	}

	private static Connection connect(NatsServer server) throws Exception {
		return Nats.connect(Options.builder()
			.server(server.url())
			.maxReconnects(-1)
			.reconnectWait(Duration.ofMillis(50))
			.connectionTimeout(Duration.ofSeconds(2))
			.build());
	}

	@Test
	void publishesAcrossAServerRestart() throws Exception {
		try (NatsServer server = NatsServer.start();
				Connection connection = connect(server);
				WindshiftTemplate template = WindshiftTemplate.builder(connection)
					.timeout(Duration.ofSeconds(20))
					.build()) {
			connection.jetStreamManagement()
				.addStream(StreamConfiguration.builder()
					.name("orders")
					.subjects("orders.>")
					.storageType(StorageType.File)
					.build());
			PublishedEvent before = template.publish("orders.created", order("before"));

			server.stop();
			await().until(() -> connection.getStatus() != Connection.Status.CONNECTED);
			CompletableFuture<PublishedEvent> sync = CompletableFuture
				.supplyAsync(() -> template.publish("orders.created", order("during-sync")));
			CompletableFuture<PublishedEvent> async = CompletableFuture
				.supplyAsync(() -> template.publishAsync("orders.created", order("during-async")))
				.thenCompose((future) -> future);
			await().during(Duration.ofMillis(200))
				.atMost(Duration.ofSeconds(2))
				.until(() -> !sync.isDone() && !async.isDone());
			server.restart();

			PublishedEvent duringSync = sync.get(20, TimeUnit.SECONDS);
			PublishedEvent duringAsync = async.get(20, TimeUnit.SECONDS);
			assertThat(duringSync.stream()).isEqualTo("orders");
			assertThat(duringAsync.stream()).isEqualTo("orders");
			assertThat(duringSync.id()).isGreaterThan(before.id());
			assertThat(duringAsync.id()).isGreaterThan(before.id()).isNotEqualTo(duringSync.id());
			PublishedEvent after = template.publish("orders.created", order("after"));
			assertThat(after.id()).isEqualTo(before.id() + 3);
			assertThat(connection.jetStreamManagement().getStreamInfo("orders").getStreamState().getMsgCount())
				.isEqualTo(4);
		}
	}

	@Test
	void aPublishWhileDisconnectedTimesOutWithoutSendingAndIsRetriedSafely() throws Exception {
		try (NatsServer server = NatsServer.start();
				Connection connection = connect(server);
				WindshiftTemplate template = WindshiftTemplate.builder(connection)
					.timeout(Duration.ofMillis(300))
					.build()) {
			connection.jetStreamManagement()
				.addStream(StreamConfiguration.builder()
					.name("orders")
					.subjects("orders.>")
					.storageType(StorageType.File)
					.build());
			template.publish("orders.created", order("first"));
			server.stop();
			await().until(() -> connection.getStatus() != Connection.Status.CONNECTED);

			long start = System.nanoTime();
			assertThatExceptionOfType(PublishTimeoutException.class)
				.isThrownBy(() -> template.publish("orders.created", order("lost")))
				.satisfies((ex) -> {
					assertThat(ex.isOutcomeUnknown()).isFalse();
					assertThat(ex.isRetryable()).isTrue();
					assertThat(ex.getMessage()).contains("not connected").contains("nothing was sent");
				});
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250),
					Duration.ofSeconds(3));

			// nothing was sent, so even without an idempotency key the retry may go on
			// until the server is back
			CompletableFuture<PublishedEvent> retried = CompletableFuture.supplyAsync(() -> template
				.publish(OutgoingEvent.of("orders.created", order("retried")), CallOptions.withBackoff(
						Delays.stopAfterMaxTime(Delays.constant(Duration.ofMillis(20)), Duration.ofSeconds(30)))));
			CompletableFuture<PublishedEvent> retriedAsync = template
				.publishAsync(OutgoingEvent.of("orders.created", order("retried-async")), CallOptions.withBackoff(
						Delays.stopAfterMaxTime(Delays.constant(Duration.ofMillis(20)), Duration.ofSeconds(30))));
			await().during(Duration.ofMillis(500))
				.atMost(Duration.ofSeconds(3))
				.until(() -> !retried.isDone() && !retriedAsync.isDone());
			server.restart();
			assertThat(List.of(retried.get(20, TimeUnit.SECONDS).id(), retriedAsync.get(20, TimeUnit.SECONDS).id()))
				.containsExactlyInAnyOrder(2L, 3L);
		}
	}

}
