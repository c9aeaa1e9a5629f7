package io.windshift.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.autoconfigure.WindshiftListenerContainerFactoryConfigurer;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;

import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.windshift.listener.ListenerTestSupport.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The extension points around containers: {@code containerFactory} on the annotation with
 * a factory built through the configurer, container customizers, container events and the
 * startup-failure policy.
 */
class ListenerContainerExtensionPointsTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create().connectWith(ListenerTestSupport::connect);

	@Test
	void listenerNamingAContainerFactoryGetsItsContainerFromThatFactory() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "factory");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(TwoFactoriesConfig.class)
			.withPropertyValues("test.stream=" + stream, "windshift.listener.concurrency=2")
			.run((context) -> {
				WindshiftListenerEndpointRegistry registry = context.getBean(WindshiftListenerEndpointRegistry.class);
				assertThat(registry.getListenerContainer("wide").getConcurrency()).isEqualTo(5);
				assertThat(registry.getListenerContainer("default").getConcurrency()).isEqualTo(2);
				ListenerTestSupport.publish(nats.connection(), stream + ".x", order("f"));
				TwoFactories listeners = context.getBean(TwoFactories.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> listeners.wide.size() == 1);
			});
	}

	@Test
	void unknownContainerFactoryFailsStartupNamingTheListener() {
		ListenerTestSupport.runner(nats.url()).withUserConfiguration(UnknownFactoryConfig.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasMessageContaining("bean 'unknownFactory' method")
				.hasMessageContaining("no ListenerContainerFactory bean named 'noSuchFactory'");
		});
	}

	@Test
	void customizerSeesEveryContainerBeforeItStarts() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "customized");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(TwoFactoriesConfig.class)
			.withBean(ListenerContainerCustomizer.class,
					() -> (container) -> assertThat(container.isRunning()).isFalse())
			.withBean("pauseWide", ListenerContainerCustomizer.class, () -> (container) -> {
				if (container.getListenerId().equals("wide")) {
					container.pause();
				}
			})
			.withPropertyValues("test.stream=" + stream)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				WindshiftListenerEndpointRegistry registry = context.getBean(WindshiftListenerEndpointRegistry.class);
				assertThat(registry.getState("wide")).isEqualTo(ListenerState.PAUSED);
				assertThat(registry.getState("default")).isEqualTo(ListenerState.RUNNING);
			});
	}

	@Test
	void startedIdleAndStoppedEventsArePublished() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "events");
		Recorder recorder = new Recorder();
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(TwoFactoriesConfig.class)
			.withBean(Recorder.class, () -> recorder)
			.withPropertyValues("test.stream=" + stream, "windshift.listener.idle-event-interval=300ms")
			.run((context) -> {
				assertThat(recorder.of(ListenerContainerStartedEvent.class)).containsExactlyInAnyOrder("wide",
						"default");
				await().atMost(Duration.ofSeconds(10))
					.until(() -> recorder.of(ListenerContainerIdleEvent.class).contains("default"));
			});
		assertThat(recorder.of(ListenerContainerStoppedEvent.class)).containsExactlyInAnyOrder("wide", "default");
		assertThat(recorder.events).allSatisfy((event) -> assertThat(event.getContainer()).isNotNull());
	}

	@Test
	void listenerOnMissingStreamFailsStartupByDefault() {
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(TwoFactoriesConfig.class)
			.withPropertyValues("test.stream=no-such-stream")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).cause()
					.hasMessageMatching("(?s)Listener '(wide|default)' could not start.*")
					.hasMessageContaining("no-such-stream");
			});
	}

	@Test
	void continuePolicyStartsTheApplicationWithoutTheListener() {
		Recorder recorder = new Recorder();
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(TwoFactoriesConfig.class)
			.withBean(Recorder.class, () -> recorder)
			.withPropertyValues("test.stream=no-such-stream", "windshift.listener.startup-failure=continue")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				WindshiftListenerEndpointRegistry registry = context.getBean(WindshiftListenerEndpointRegistry.class);
				assertThat(registry.getState("wide")).isEqualTo(ListenerState.STOPPED);
				assertThat(recorder.of(ListenerContainerFailedToStartEvent.class)).containsExactlyInAnyOrder("wide",
						"default");
			});
	}

	@Test
	void retryPolicyStartsTheListenerOnceItsStreamExists() throws Exception {
		String stream = "late" + System.nanoTime();
		Recorder recorder = new Recorder();
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(TwoFactoriesConfig.class)
			.withBean(Recorder.class, () -> recorder)
			.withPropertyValues("test.stream=" + stream, "windshift.listener.startup-failure=retry")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				WindshiftListenerEndpointRegistry registry = context.getBean(WindshiftListenerEndpointRegistry.class);
				assertThat(registry.getState("default")).isEqualTo(ListenerState.STOPPED);
				nats.connection()
					.jetStreamManagement()
					.addStream(io.nats.client.api.StreamConfiguration.builder()
						.name(stream)
						.subjects(stream + ".>")
						.build());
				await().atMost(Duration.ofSeconds(15))
					.untilAsserted(() -> assertThat(registry.getState("default")).isEqualTo(ListenerState.RUNNING));
				ListenerTestSupport.publish(nats.connection(), stream + ".x", order("late"));
				TwoFactories listeners = context.getBean(TwoFactories.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> listeners.plain.size() == 1);
				assertThat(recorder.of(ListenerContainerStartedEvent.class)).contains("default");
			});
	}

	static class Recorder implements ApplicationListener<ListenerContainerEvent> {

		final List<ListenerContainerEvent> events = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(ListenerContainerEvent event) {
			this.events.add(event);
		}

		List<String> of(Class<? extends ListenerContainerEvent> type) {
			return this.events.stream().filter(type::isInstance).map(ListenerContainerEvent::getListenerId).toList();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoFactoriesConfig {

		@Bean
		ListenerContainerFactory wideFactory(WindshiftListenerContainerFactoryConfigurer configurer) {
			ListenerContainerFactory factory = configurer.createContainerFactory();
			factory.setConcurrency(5);
			return factory;
		}

		@Bean
		TwoFactories twoFactories() {
			return new TwoFactories();
		}

	}

	static class TwoFactories {

		final List<OrderCreated> wide = new CopyOnWriteArrayList<>();

		final List<OrderCreated> plain = new CopyOnWriteArrayList<>();

		@WindshiftListener(id = "wide", stream = "${test.stream}", consumer = "wide", containerFactory = "wideFactory")
		void wide(OrderCreated order) {
			this.wide.add(order);
		}

		@WindshiftListener(id = "default", stream = "${test.stream}", consumer = "plain")
		void plain(OrderCreated order) {
			this.plain.add(order);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnknownFactoryConfig {

		@Bean
		UnknownFactory unknownFactory() {
			return new UnknownFactory();
		}

	}

	static class UnknownFactory {

		@WindshiftListener(stream = "any", containerFactory = "noSuchFactory")
		void on(OrderCreated order) {
		}

	}

}
