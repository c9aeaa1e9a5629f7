package io.windshift.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.nats.client.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.windshift.events.JetStreamEvent;
import io.windshift.test.NatsServer;
import io.windshift.test.proto.OrderCreated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code windshift.listener.confirm-acks}: listener events settle fire-and-forget by default and confirmed
 * when it is set; either way events are acknowledged on the server.
 */
class WindshiftListenerAckConfirmationTests {

	private static NatsServer server;

	private static Connection connection;

	@BeforeAll
	static void startServer() throws Exception {
		server = NatsServer.start();
		connection = ListenerTestSupport.connect(server.url());
	}

	@AfterAll
	static void stopServer() throws Exception {
		connection.close();
		server.close();
	}

	@Test
	void settleCallsAreFireAndForgetByDefault() throws Exception {
		assertSettling(false);
	}

	@Test
	void settleCallsAreConfirmedWhenConfigured() throws Exception {
		assertSettling(true, "windshift.listener.confirm-acks=true");
	}

	private void assertSettling(boolean confirmed, String... properties) throws Exception {
		String stream = ListenerTestSupport.createStream(connection, "confirm");
		ListenerTestSupport.runner(server.url())
			.withUserConfiguration(ScriptedListeners.AutoConfig.class)
			.withPropertyValues("test.stream=" + stream)
			.withPropertyValues(properties)
			.run((context) -> {
				ScriptedListeners.Auto listener = context.getBean(ScriptedListeners.Auto.class);
				List<Boolean> confirmations = new CopyOnWriteArrayList<>();
				listener.behaviour = (event) -> confirmations.add(((JetStreamEvent<?>) event).isConfirmed());
				for (int i = 0; i < 5; i++) {
					ListenerTestSupport.publish(connection, stream + ".x", OrderCreated.newBuilder().setOrderId("c-" + i).build());
				}
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.deliveries.size() == 5);
				assertThat(confirmations).containsOnly(confirmed);
				await().atMost(Duration.ofSeconds(5))
					.untilAsserted(() -> assertThat(ListenerTestSupport.consumerInfo(connection, stream, "auto")
						.getAckFloor()
						.getStreamSequence()).isEqualTo(5));
			});
	}

}
