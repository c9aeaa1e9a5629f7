package io.windshift.events;

import java.time.Duration;
import java.time.Instant;

import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.windshift.test.NatsServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Settling against a real server: every settle call is confirmed (a single attempt without retries
 * succeeds), the first settle wins, and a settle the server does not confirm fails clearly.
 */
class JetStreamEventTests {

	private static NatsServer server;

	private static Connection connection;

	@BeforeAll
	static void start() throws Exception {
		server = NatsServer.start();
		connection = Nats.connect(server.url());
		connection.jetStreamManagement()
			.addStream(StreamConfiguration.builder().name("ev").subjects("ev.>").build());
	}

	@AfterAll
	static void stop() throws Exception {
		connection.close();
		server.close();
	}

	private JetStreamSubscription subscribe(String durable) throws Exception {
		return connection.jetStream()
			.subscribe("ev.>", PullSubscribeOptions.builder()
				.configuration(ConsumerConfiguration.builder().durable(durable).ackWait(Duration.ofSeconds(30)).build())
				.build());
	}

	private JetStreamEvent<String> next(JetStreamSubscription subscription) {
		Message message = subscription.fetch(1, Duration.ofSeconds(3)).get(0);
		return new JetStreamEvent<>(message, "data", Instant.now(), JetStreamEvent.DEFAULT_CALL_OPTIONS);
	}

	@Test
	void settleCallsAreConfirmedByTheServer() throws Exception {
		JetStreamSubscription subscription = subscribe("confirm");
		for (int i = 0; i < 3; i++) {
			connection.jetStream().publish("ev.a", new byte[] { 1 });
		}
		JetStreamEvent<String> acked = next(subscription);
		acked.ping(CallOptions.withNoRetry());
		acked.ack(CallOptions.withNoRetry());
		assertThat(acked.settlement()).isEqualTo(Settlement.ACKED);
		JetStreamEvent<String> delayed = next(subscription);
		delayed.reject(Reject.withRedeliveryDelay(Duration.ofMinutes(1)), CallOptions.withNoRetry());
		JetStreamEvent<String> terminated = next(subscription);
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
		JetStreamEvent<String> event = next(subscription);
		connection.jetStreamManagement().deleteConsumer("ev", "unconfirmed");
		assertThatExceptionOfType(WindshiftException.class)
			.isThrownBy(() -> event.ack(CallOptions.withNoRetry(), CallOptions.withTimeout(Duration.ofMillis(300))))
			.withMessageContaining("Could not acknowledge event")
			.withMessageContaining("of stream 'ev'")
			.satisfies((ex) -> assertThat(ex.isRetryable()).isTrue());
	}

}
