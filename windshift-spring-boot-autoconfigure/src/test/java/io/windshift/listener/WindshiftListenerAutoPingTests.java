package io.windshift.listener;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.nats.client.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.windshift.test.NatsServer;
import io.windshift.test.proto.OrderCreated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Auto-ping: a handler slower than three processing timeouts is delivered once, and pinging stops when the
 * event is settled.
 */
class WindshiftListenerAutoPingTests {

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
	void slowHandlerIsDeliveredOnceAndPingingStopsWhenSettled() throws Exception {
		String stream = ListenerTestSupport.createStream(connection, "slow");
		ListenerTestSupport.runner(server.url())
			.withUserConfiguration(ScriptedListeners.AutoConfig.class)
			.withPropertyValues("test.stream=" + stream, "test.timeout=1s")
			.run((context) -> {
				ScriptedListeners.Auto listener = context.getBean(ScriptedListeners.Auto.class);
				CountDownLatch never = new CountDownLatch(1);
				listener.behaviour = (event) -> never.await(3500, TimeUnit.MILLISECONDS);
				ListenerTestSupport.publish(connection, stream + ".x", OrderCreated.newBuilder().setOrderId("slow").build());
				await().atMost(Duration.ofSeconds(5)).until(() -> listener.count("slow") == 1);
				AutoPinger pinger = context.getBean(ListenerContainerFactory.class).getPinger();
				assertThat(pinger.trackedCount()).isEqualTo(1);
				await().atMost(Duration.ofSeconds(8))
					.untilAsserted(() -> assertThat(ListenerTestSupport.consumerInfo(connection, stream, "auto")
						.getAckFloor()
						.getStreamSequence()).isEqualTo(1));
				assertThat(pinger.trackedCount()).isZero();
				await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
					.until(() -> listener.count("slow") == 1);
				assertThat(listener.of("slow").get(0).attempt()).isEqualTo(1);
				assertThat(ListenerTestSupport.consumerInfo(connection, stream, "auto").getRedelivered()).isZero();
			});
	}

}
