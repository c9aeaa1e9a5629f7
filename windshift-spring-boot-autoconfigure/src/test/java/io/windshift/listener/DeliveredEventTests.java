package io.windshift.listener;

import java.time.Duration;
import java.time.Instant;

import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.windshift.test.TestConnections;
import io.windshift.delays.Delays;
import io.windshift.events.CallOptions;
import io.windshift.events.JetStreamEvent;
import io.windshift.events.Reject;
import io.windshift.events.WindshiftException;
import io.windshift.test.NatsServer;
import io.windshift.events.internal.Settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

/**
 * Settling against a real server: confirmed settle calls (a single attempt without
 * retries succeeds; one the server does not confirm fails clearly), fire-and-forget ones
 * (they reach the server without waiting for it; one that cannot be sent is retried, then
 * fails clearly), and the first settle wins.
 */
class DeliveredEventTests {

	private static NatsServer server;

	private static Connection connection;

	@BeforeAll
	static void start() throws Exception {
		server = NatsServer.start();
		connection = TestConnections.connect(server.url());
		connection.jetStreamManagement().addStream(StreamConfiguration.builder().name("ev").subjects("ev.>").build());
	}

	@AfterAll
	static void stop() throws Exception {
		connection.close();
		server.close();
	}

	private JetStreamSubscription subscribe(String durable) throws Exception {
		return subscribe(connection, durable);
	}

	private JetStreamSubscription subscribe(Connection connection, String durable) throws Exception {
		return connection.jetStream()
			.subscribe("ev.>", PullSubscribeOptions.builder()
				.configuration(ConsumerConfiguration.builder().durable(durable).ackWait(Duration.ofSeconds(30)).build())
				.build());
	}

	private DeliveredEvent<String> next(JetStreamSubscription subscription) {
		return next(subscription, true);
	}

	private DeliveredEvent<String> next(JetStreamSubscription subscription, boolean confirmed) {
		Message message = subscription.fetch(1, Duration.ofSeconds(3)).get(0);
		return new DeliveredEvent<>(message, "data", Instant.now(), JetStreamEvent.DEFAULT_CALL_OPTIONS, confirmed);
	}

	@Test
	void settleCallsAreConfirmedByTheServer() throws Exception {
		JetStreamSubscription subscription = subscribe("confirm");
		for (int i = 0; i < 3; i++) {
			connection.jetStream().publish("ev.a", new byte[] { 1 });
		}
		DeliveredEvent<String> acked = next(subscription);
		acked.ping(CallOptions.withNoRetry());
		acked.ack(CallOptions.withNoRetry());
		assertThat(acked.settlement()).isEqualTo(Settlement.ACKED);
		DeliveredEvent<String> delayed = next(subscription);
		delayed.reject(Reject.withRedeliveryDelay(Duration.ofMinutes(1)), CallOptions.withNoRetry());
		DeliveredEvent<String> terminated = next(subscription);
		terminated.reject(Reject.permanently(), CallOptions.withNoRetry());
		assertThat(terminated.settlement()).isEqualTo(Settlement.TERMINATED);
		terminated.ack(CallOptions.withNoRetry());
		assertThat(terminated.settlement()).isEqualTo(Settlement.TERMINATED);
		ConsumerInfo info = connection.jetStreamManagement().getConsumerInfo("ev", "confirm");
		assertThat(info.getNumAckPending()).isEqualTo(1);
		assertThat(info.getAckFloor().getStreamSequence()).isEqualTo(1);
	}

	@Test
	void anUnconfirmedSettleFailsNamingTheEvent() throws Exception {
		JetStreamSubscription subscription = subscribe("unconfirmed");
		connection.jetStream().publish("ev.b", new byte[] { 2 });
		DeliveredEvent<String> event = next(subscription);
		connection.jetStreamManagement().deleteConsumer("ev", "unconfirmed");
		assertThatExceptionOfType(WindshiftException.class)
			.isThrownBy(() -> event.ack(CallOptions.withNoRetry(), CallOptions.withTimeout(Duration.ofMillis(300))))
			.withMessageContaining("Could not acknowledge event")
			.withMessageContaining("of stream 'ev'")
			.satisfies((ex) -> assertThat(ex.isRetryable()).isTrue());
	}

	@Test
	void fireAndForgetSettleCallsReachTheServer() throws Exception {
		JetStreamSubscription subscription = subscribe("fire");
		for (int i = 0; i < 3; i++) {
			connection.jetStream().publish("ev.c", new byte[] { 3 });
		}
		DeliveredEvent<String> acked = next(subscription, false);
		assertThat(acked.isConfirmed()).isFalse();
		acked.ping(CallOptions.withNoRetry());
		acked.ack(CallOptions.withNoRetry());
		assertThat(acked.settlement()).isEqualTo(Settlement.ACKED);
		DeliveredEvent<String> delayed = next(subscription, false);
		delayed.reject(Reject.withRedeliveryDelay(Duration.ofMinutes(1)), CallOptions.withNoRetry());
		DeliveredEvent<String> terminated = next(subscription, false);
		terminated.reject(Reject.permanently(), CallOptions.withNoRetry());
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			ConsumerInfo info = connection.jetStreamManagement().getConsumerInfo("ev", "fire");
			assertThat(info.getNumAckPending()).isEqualTo(1);
			assertThat(info.getAckFloor().getStreamSequence()).isEqualTo(1);
		});
		// the delayed one is not redelivered now: the server took the delay
		assertThat(subscription.fetch(1, Duration.ofMillis(1200))).isEmpty();
	}

	@Test
	void fireAndForgetSettleDoesNotWaitForTheServer() throws Exception {
		JetStreamSubscription subscription = subscribe("unanswered");
		connection.jetStream().publish("ev.d", new byte[] { 4 });
		DeliveredEvent<String> event = next(subscription, false);
		connection.jetStreamManagement().deleteConsumer("ev", "unanswered");
		assertThatNoException()
			.isThrownBy(() -> event.ack(CallOptions.withNoRetry(), CallOptions.withTimeout(Duration.ofMillis(300))));
		assertThat(event.settlement()).isEqualTo(Settlement.ACKED);
	}

	@Test
	void fireAndForgetSettleThatCannotBeSentIsRetriedThenFailsNamingTheEvent() throws Exception {
		Connection own = TestConnections.connect(server.url());
		JetStreamSubscription subscription = subscribe(own, "unsent");
		connection.jetStream().publish("ev.e", new byte[] { 5 });
		DeliveredEvent<String> event = next(subscription, false);
		own.close();
		long start = System.nanoTime();
		assertThatExceptionOfType(WindshiftException.class)
			.isThrownBy(() -> event
				.ack(CallOptions.withBackoff(Delays.stopAfterMaxAttempts(Delays.constant(Duration.ofMillis(100)), 2))))
			.withMessageContaining("Could not acknowledge event")
			.withMessageContaining("of stream 'ev'")
			.satisfies((ex) -> assertThat(ex.isRetryable()).isTrue());
		// two retries 100 ms apart were made before giving up
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
		ConsumerInfo info = connection.jetStreamManagement().getConsumerInfo("ev", "unsent");
		assertThat(info.getNumAckPending()).isEqualTo(1);
	}

}
