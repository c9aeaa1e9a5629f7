package io.windshift.listener;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.events.Reject;
import io.windshift.test.NatsServerExtension;

import static io.windshift.listener.ListenerTestSupport.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Both ack modes and every form of reject, with the timing of delayed redelivery
 * measured.
 */
class WindshiftListenerAckModeTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create().connectWith(ListenerTestSupport::connect);

	@Test
	void manualModeLeavesUnsettledEventsToBeRedeliveredAfterTheProcessingTimeout() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "manual");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(ScriptedListeners.ManualConfig.class)
			.withPropertyValues("test.stream=" + stream, "test.timeout=1s")
			.run((context) -> {
				ScriptedListeners.Manual listener = context.getBean(ScriptedListeners.Manual.class);
				listener.behaviour = (event) -> {
					if (event.deliveryAttempt() > 1) {
						event.ack();
					}
				};
				ListenerTestSupport.publish(nats.connection(), stream + ".x", order("m1"));
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.count("m1") == 2);
				var deliveries = listener.of("m1");
				assertThat(deliveries.get(1).attempt()).isEqualTo(2);
				// measured between method calls, which may start late under load: the
				// redelivery must come
				// well after an immediate one would (milliseconds), near the 1 s
				// processing timeout
				assertThat(Duration.between(deliveries.get(0).at(), deliveries.get(1).at()))
					.isGreaterThanOrEqualTo(Duration.ofMillis(500));
				// acked on the second attempt, so nothing more can come: the server
				// delivered it exactly twice
				assertSettledAfterDeliveries(stream, 2);
				assertThat(listener.count("m1")).isEqualTo(2);
			});
	}

	@Test
	void autoModeRejectsFailuresPerTheRejectPolicyWithItsDelay() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "autofail");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(ScriptedListeners.AutoConfig.class)
			.withPropertyValues("test.stream=" + stream, "windshift.listener.reject.initial-delay=700ms")
			.run((context) -> {
				ScriptedListeners.Auto listener = context.getBean(ScriptedListeners.Auto.class);
				listener.behaviour = (event) -> {
					if (event.deliveryAttempt() == 1) {
						throw new IllegalStateException("boom");
					}
				};
				ListenerTestSupport.publish(nats.connection(), stream + ".x", order("a1"));
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.count("a1") == 2);
				var deliveries = listener.of("a1");
				assertThat(Duration.between(deliveries.get(0).at(), deliveries.get(1).at()))
					.isBetween(Duration.ofMillis(650), Duration.ofMillis(1900));
				await().atMost(Duration.ofSeconds(5))
					.untilAsserted(() -> assertThat(ListenerTestSupport.consumerInfo(nats.connection(), stream, "auto")
						.getAckFloor()
						.getStreamSequence()).isEqualTo(1));
			});
	}

	@Test
	void eachRejectFormRedeliversAsAsked() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "rejects");
		ListenerTestSupport.runner(nats.url())
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
					ListenerTestSupport.publish(nats.connection(), stream + ".x", order(id));
				}
				await().atMost(Duration.ofSeconds(10))
					.until(() -> listener.count("now") == 2 && listener.count("delay") == 2
							&& listener.count("decider") == 2);
				assertThat(gap(listener, "now")).isLessThan(Duration.ofMillis(1000));
				assertThat(gap(listener, "delay")).isBetween(Duration.ofMillis(1450), Duration.ofMillis(3000));
				assertThat(gap(listener, "decider")).isBetween(Duration.ofMillis(750), Duration.ofMillis(2500));
				// all settled, so nothing more can come: 2 deliveries each for the
				// redelivered three, 1 for the others
				assertSettledAfterDeliveries(stream, 8);
				assertThat(listener.count("never")).isEqualTo(1);
				assertThat(listener.count("decider-never")).isEqualTo(1);
			});
	}

	@Test
	void autoModeDoesNotSettleAnEventTheMethodSettled() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "selfsettled");
		ListenerTestSupport.runner(nats.url())
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
				ListenerTestSupport.publish(nats.connection(), stream + ".x", order("s1"));
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.count("s1") == 2);
				assertThat(gap(listener, "s1")).isBetween(Duration.ofMillis(250), Duration.ofMillis(900));
			});
	}

	/**
	 * Waits until nothing awaits an ack; then the server has delivered exactly
	 * {@code deliveries} times.
	 */
	private static void assertSettledAfterDeliveries(String stream, long deliveries) throws Exception {
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(
					ListenerTestSupport.consumerInfo(nats.connection(), stream, "manual").getNumAckPending())
				.isZero());
		assertThat(ListenerTestSupport.consumerInfo(nats.connection(), stream, "manual")
			.getDelivered()
			.getConsumerSequence()).isEqualTo(deliveries);
	}

	private static Duration gap(ScriptedListeners.Scripted listener, String id) {
		var deliveries = listener.of(id);
		return Duration.between(deliveries.get(0).at(), deliveries.get(1).at());
	}

}
