package io.windshift.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.test.NatsServerExtension;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static io.windshift.listener.ListenerTestSupport.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several application instances: two sharing one durable consumer split the work without
 * handling anything twice; without a consumer name each instance gets its own ephemeral
 * consumer and every event. And graceful shutdown with events in flight.
 */
class WindshiftListenerSharingTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create().connectWith(ListenerTestSupport::connect);

	@Test
	void twoInstancesShareOneDurableConsumerWithoutDuplicates() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "shared");
		ApplicationContextRunner runner = ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(ScriptedListeners.AutoConfig.class)
			.withPropertyValues("test.stream=" + stream, "test.consumer=shared", "test.timeout=5s");
		runner.run((one) -> runner.run((two) -> {
			ScriptedListeners.Auto first = one.getBean(ScriptedListeners.Auto.class);
			ScriptedListeners.Auto second = two.getBean(ScriptedListeners.Auto.class);
			CountDownLatch never = new CountDownLatch(1);
			ScriptedListeners.Behaviour slowish = (event) -> never.await(10, TimeUnit.MILLISECONDS);
			first.behaviour = slowish;
			second.behaviour = slowish;
			for (int i = 0; i < 60; i++) {
				ListenerTestSupport.publish(nats.connection(), stream + ".x", order("o-" + i));
			}
			await().atMost(Duration.ofSeconds(20))
				.until(() -> first.deliveries.size() + second.deliveries.size() >= 60);
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(ListenerTestSupport.consumerInfo(nats.connection(), stream, "shared")
					.getAckFloor()
					.getStreamSequence()).isEqualTo(60));
			List<String> all = new ArrayList<>();
			first.deliveries.forEach((d) -> all.add(d.orderId()));
			second.deliveries.forEach((d) -> all.add(d.orderId()));
			assertThat(all).hasSize(60).doesNotHaveDuplicates();
			assertThat(first.deliveries).isNotEmpty();
			assertThat(second.deliveries).isNotEmpty();
		}));
	}

	@Test
	void eachInstanceGetsItsOwnEphemeralConsumer() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "fanout");
		ApplicationContextRunner runner = ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(ScriptedListeners.AutoConfig.class)
			.withPropertyValues("test.stream=" + stream, "test.consumer=");
		runner.run((one) -> runner.run((two) -> {
			ScriptedListeners.Auto first = one.getBean(ScriptedListeners.Auto.class);
			ScriptedListeners.Auto second = two.getBean(ScriptedListeners.Auto.class);
			assertThat(nats.connection().jetStreamManagement().getConsumerNames(stream)).hasSize(2);
			for (int i = 0; i < 10; i++) {
				ListenerTestSupport.publish(nats.connection(), stream + ".x", order("o-" + i));
			}
			await().atMost(Duration.ofSeconds(10))
				.until(() -> first.deliveries.size() == 10 && second.deliveries.size() == 10);
		}));
		assertThat(nats.connection().jetStreamManagement().getConsumerNames(stream)).isEmpty();
	}

	@Test
	void gracefulShutdownFinishesInFlightEventsAndLeavesTheRestToBeRedelivered() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "graceful");
		ApplicationContextRunner runner = ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(ScriptedListeners.AutoConfig.class)
			.withPropertyValues("test.stream=" + stream, "test.timeout=10s", "windshift.listener.concurrency=2");
		runner.run((context) -> {
			ScriptedListeners.Auto listener = context.getBean(ScriptedListeners.Auto.class);
			CountDownLatch release = new CountDownLatch(1);
			listener.behaviour = (event) -> release.await(1500, TimeUnit.MILLISECONDS);
			for (int i = 0; i < 6; i++) {
				ListenerTestSupport.publish(nats.connection(), stream + ".x", order("o-" + i));
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> listener.deliveries.size() == 2);
			ListenerContainer container = context.getBean(WindshiftListenerEndpointRegistry.class)
				.getListenerContainer("auto");
			assertThat(container.getInFlightCount()).isEqualTo(2);
			context.close();
			assertThat(container.getState()).isEqualTo(ListenerState.STOPPED);
			assertThat(container.getInFlightCount()).isZero();
			assertThat(listener.deliveries).hasSize(2);
		});
		var info = ListenerTestSupport.consumerInfo(nats.connection(), stream, "auto");
		assertThat(info.getNumAckPending()).isZero();
		assertThat(info.getNumPending()).isEqualTo(4);
		assertThat(info.getDelivered().getStreamSequence()).isEqualTo(2);
		runner.run((context) -> {
			ScriptedListeners.Auto listener = context.getBean(ScriptedListeners.Auto.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> listener.deliveries.size() == 4);
			assertThat(listener.deliveries).allSatisfy((d) -> assertThat(d.attempt()).isEqualTo(1));
		});
	}

}
