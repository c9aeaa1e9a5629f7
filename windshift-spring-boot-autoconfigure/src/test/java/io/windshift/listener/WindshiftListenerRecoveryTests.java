package io.windshift.listener;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.test.NatsServerConfig;
import io.windshift.test.NatsServerExtension;

import static io.windshift.listener.ListenerTestSupport.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Resilience on one server: kill -9 and restart mid-stream, and consumers deleted under a
 * running listener (a durable is recreated, an ephemeral one too), all without restarting
 * the application.
 */
class WindshiftListenerRecoveryTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create(NatsServerConfig.defaults().syncAlways())
		.connectWith(ListenerTestSupport::connect);

	@Test
	void survivesKillAndRestartOfTheServerMidStream() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "crash");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(ScriptedListeners.AutoConfig.class)
			.withPropertyValues("test.stream=" + stream, "test.timeout=2s")
			.run((context) -> {
				ScriptedListeners.Auto listener = context.getBean(ScriptedListeners.Auto.class);
				WindshiftListenerEndpointRegistry registry = context.getBean(WindshiftListenerEndpointRegistry.class);
				Set<String> handled = ConcurrentHashMap.newKeySet();
				CountDownLatch never = new CountDownLatch(1);
				listener.behaviour = (event) -> {
					never.await(20, TimeUnit.MILLISECONDS);
					handled.add(event.data().getOrderId());
				};
				for (int i = 0; i < 40; i++) {
					ListenerTestSupport.publish(nats.connection(), stream + ".x", order("before-" + i));
				}
				await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() >= 5);
				nats.server().kill();
				await().atMost(Duration.ofSeconds(10))
					.until(() -> registry.getState("auto") == ListenerState.RECOVERING);
				nats.server().restart();
				await().atMost(Duration.ofSeconds(20)).until(() -> registry.getState("auto") == ListenerState.RUNNING);
				for (int i = 0; i < 10; i++) {
					ListenerTestSupport.publish(nats.connection(), stream + ".x", order("after-" + i));
				}
				await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
					for (int i = 0; i < 40; i++) {
						assertThat(handled).contains("before-" + i);
					}
					for (int i = 0; i < 10; i++) {
						assertThat(handled).contains("after-" + i);
					}
				});
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(ListenerTestSupport.consumerInfo(nats.connection(), stream, "auto")
						.getAckFloor()
						.getStreamSequence()).isEqualTo(50));
			});
	}

	@Test
	void startsRecoveringWhileTheServerIsDownAndBindsWhenItIsBack() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "late");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(ScriptedListeners.AutoConfig.class)
			.withPropertyValues("test.stream=" + stream, "windshift.listener.auto-startup=false")
			.run((context) -> {
				WindshiftListenerEndpointRegistry registry = context.getBean(WindshiftListenerEndpointRegistry.class);
				ScriptedListeners.Auto listener = context.getBean(ScriptedListeners.Auto.class);
				nats.server().stop();
				try {
					registry.start("auto");
					assertThat(registry.getState("auto")).isEqualTo(ListenerState.RECOVERING);
				}
				finally {
					nats.server().restart();
				}
				await().atMost(Duration.ofSeconds(20)).until(() -> registry.getState("auto") == ListenerState.RUNNING);
				ListenerTestSupport.publish(nats.connection(), stream + ".x", order("late"));
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.count("late") == 1);
			});
	}

	@Test
	void recreatesADeletedDurableConsumer() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "deleted");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(ScriptedListeners.AutoConfig.class)
			.withPropertyValues("test.stream=" + stream)
			.run((context) -> {
				ScriptedListeners.Auto listener = context.getBean(ScriptedListeners.Auto.class);
				ListenerTestSupport.publish(nats.connection(), stream + ".x", order("1"));
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.count("1") == 1);
				nats.connection().jetStreamManagement().deleteConsumer(stream, "auto");
				await().atMost(Duration.ofSeconds(10))
					.ignoreExceptions()
					.untilAsserted(() -> assertThat(ListenerTestSupport.consumerInfo(nats.connection(), stream, "auto"))
						.isNotNull());
				ListenerTestSupport.publish(nats.connection(), stream + ".x", order("2"));
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.count("2") == 1);
				assertThat(context.getBean(WindshiftListenerEndpointRegistry.class).getState("auto"))
					.isEqualTo(ListenerState.RUNNING);
			});
	}

	@Test
	void recreatesADeletedEphemeralConsumer() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "ephemeral");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(ScriptedListeners.AutoConfig.class)
			.withPropertyValues("test.stream=" + stream, "test.consumer=", "windshift.listener.consume-from=new")
			.run((context) -> {
				ScriptedListeners.Auto listener = context.getBean(ScriptedListeners.Auto.class);
				ListenerContainer container = context.getBean(WindshiftListenerEndpointRegistry.class)
					.getListenerContainer("auto");
				String first = container.getConsumerName();
				assertThat(nats.connection().jetStreamManagement().getConsumerNames(stream)).containsExactly(first);
				ListenerTestSupport.publish(nats.connection(), stream + ".x", order("1"));
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.count("1") == 1);
				nats.connection().jetStreamManagement().deleteConsumer(stream, first);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> !first.equals(container.getConsumerName())
							&& container.getState() == ListenerState.RUNNING);
				ListenerTestSupport.publish(nats.connection(), stream + ".x", order("2"));
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.count("2") == 1);
				assertThat(listener.count("1")).isEqualTo(1);
			});
	}

}
