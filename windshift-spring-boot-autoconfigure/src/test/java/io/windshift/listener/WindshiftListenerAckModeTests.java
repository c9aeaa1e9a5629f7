package io.windshift.listener;

import java.time.Duration;

import io.nats.client.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.windshift.events.Reject;
import io.windshift.test.NatsServer;
import io.windshift.test.proto.OrderCreated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Both ack modes and every form of reject, with the timing of delayed redelivery measured.
 */
class WindshiftListenerAckModeTests {

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

	private static OrderCreated order(String id) {
		return OrderCreated.newBuilder().setOrderId(id).build();
	}

	@Test
	void manualModeLeavesUnsettledEventsToBeRedeliveredAfterTheProcessingTimeout() throws Exception {
		String stream = ListenerTestSupport.createStream(connection, "manual");
		ListenerTestSupport.runner(server.url())
			.withUserConfiguration(ScriptedListeners.ManualConfig.class)
			.withPropertyValues("test.stream=" + stream, "test.timeout=1s")
			.run((context) -> {
				ScriptedListeners.Manual listener = context.getBean(ScriptedListeners.Manual.class);
				listener.behaviour = (event) -> {
					if (event.deliveryAttempt() > 1) {
						event.ack();
					}
				};
				ListenerTestSupport.publish(connection, stream + ".x", order("m1"));
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.count("m1") == 2);
				var deliveries = listener.of("m1");
				assertThat(deliveries.get(1).attempt()).isEqualTo(2);
				// measured between method calls, which may start late under load: the redelivery must come
				// well after an immediate one would (milliseconds), near the 1 s processing timeout
				assertThat(Duration.between(deliveries.get(0).at(), deliveries.get(1).at()))
					.isGreaterThanOrEqualTo(Duration.ofMillis(500));
				await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
					.until(() -> listener.count("m1") == 2);
				assertThat(ListenerTestSupport.consumerInfo(connection, stream, "manual").getNumAckPending())
					.isZero();
			});
	}

	@Test
	void autoModeRejectsFailuresPerTheRejectPolicyWithItsDelay() throws Exception {
		String stream = ListenerTestSupport.createStream(connection, "autofail");
		ListenerTestSupport.runner(server.url())
			.withUserConfiguration(ScriptedListeners.AutoConfig.class)
			.withPropertyValues("test.stream=" + stream, "windshift.listener.reject.initial-delay=700ms")
			.run((context) -> {
				ScriptedListeners.Auto listener = context.getBean(ScriptedListeners.Auto.class);
				listener.behaviour = (event) -> {
					if (event.deliveryAttempt() == 1) {
						throw new IllegalStateException("boom");
					}
				};
				ListenerTestSupport.publish(connection, stream + ".x", order("a1"));
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.count("a1") == 2);
				var deliveries = listener.of("a1");
				assertThat(Duration.between(deliveries.get(0).at(), deliveries.get(1).at()))
					.isBetween(Duration.ofMillis(650), Duration.ofMillis(1900));
				await().atMost(Duration.ofSeconds(5))
					.untilAsserted(() -> assertThat(
							ListenerTestSupport.consumerInfo(connection, stream, "auto").getAckFloor().getStreamSequence())
						.isEqualTo(1));
			});
	}

	@Test
	void eachRejectFormRedeliversAsAsked() throws Exception {
		String stream = ListenerTestSupport.createStream(connection, "rejects");
		ListenerTestSupport.runner(server.url())
			.withUserConfiguration(ScriptedListeners.ManualConfig.class)
			.withPropertyValues("test.stream=" + stream, "test.timeout=5s")
			.run((context) -> {
				ScriptedListeners.Manual listener = context.getBean(ScriptedListeners.Manual.class);
				listener.behaviour = (event) -> {
					String id = event.data().getOrderId();
					if (event.deliveryAttempt() > 1) {
						event.ack();
					}
					else if (id.equals("now")) {
						event.reject();
					}
					else if (id.equals("delay")) {
						event.reject(Reject.withRedeliveryDelay(Duration.ofMillis(1500)));
					}
					else if (id.equals("never")) {
						event.reject(Reject.permanently());
					}
					else if (id.equals("decider")) {
						event.reject(Reject.withRedeliveryDecider((e) -> Duration.ofMillis(800 * e.deliveryAttempt())));
					}
					else if (id.equals("decider-never")) {
						event.reject(Reject.withRedeliveryDecider((e) -> Duration.ofMillis(-1)));
					}
				};
				for (String id : new String[] { "now", "delay", "never", "decider", "decider-never" }) {
					ListenerTestSupport.publish(connection, stream + ".x", order(id));
				}
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.count("now") == 2
						&& listener.count("delay") == 2 && listener.count("decider") == 2);
				assertThat(gap(listener, "now")).isLessThan(Duration.ofMillis(1000));
				assertThat(gap(listener, "delay")).isBetween(Duration.ofMillis(1450), Duration.ofMillis(3000));
				assertThat(gap(listener, "decider")).isBetween(Duration.ofMillis(750), Duration.ofMillis(2500));
				await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
					.until(() -> listener.count("never") == 1 && listener.count("decider-never") == 1);
				await().atMost(Duration.ofSeconds(5))
					.untilAsserted(() -> assertThat(
							ListenerTestSupport.consumerInfo(connection, stream, "manual").getNumAckPending())
						.isZero());
			});
	}

	@Test
	void autoModeDoesNotSettleAnEventTheMethodSettled() throws Exception {
		String stream = ListenerTestSupport.createStream(connection, "selfsettled");
		ListenerTestSupport.runner(server.url())
			.withUserConfiguration(ScriptedListeners.AutoConfig.class)
			.withPropertyValues("test.stream=" + stream)
			.run((context) -> {
				ScriptedListeners.Auto listener = context.getBean(ScriptedListeners.Auto.class);
				listener.behaviour = (event) -> {
					if (event.deliveryAttempt() == 1) {
						event.reject(Reject.withRedeliveryDelay(Duration.ofMillis(300)));
						throw new IllegalStateException("after reject: ignored, no second reject");
					}
				};
				ListenerTestSupport.publish(connection, stream + ".x", order("s1"));
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.count("s1") == 2);
				assertThat(gap(listener, "s1")).isBetween(Duration.ofMillis(250), Duration.ofMillis(900));
			});
	}

	private static Duration gap(ScriptedListeners.Scripted listener, String id) {
		var deliveries = listener.of(id);
		return Duration.between(deliveries.get(0).at(), deliveries.get(1).at());
	}

}
