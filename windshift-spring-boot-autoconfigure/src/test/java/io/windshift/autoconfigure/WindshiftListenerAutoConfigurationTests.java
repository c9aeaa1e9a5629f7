package io.windshift.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.nats.client.Message;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.events.Event;
import io.windshift.events.ProtobufTypeRegistry;
import io.windshift.events.WireHeaders;
import io.windshift.listener.DeadLetterPublisher;
import io.windshift.listener.ListenerContainerFactory;
import io.windshift.listener.ListenerObserver;
import io.windshift.listener.RejectPolicy;
import io.windshift.listener.WindshiftListener;
import io.windshift.listener.WindshiftListenerAnnotationBeanPostProcessor;
import io.windshift.listener.WindshiftListenerEndpointRegistry;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;
import io.windshift.test.StubEvent;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The listener auto-configuration: its beans, overrides, properties, observers and
 * declared consumers.
 */
class WindshiftListenerAutoConfigurationTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create();

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WindshiftConnectionAutoConfiguration.class,
					WindshiftAdminAutoConfiguration.class, WindshiftListenerAutoConfiguration.class))
			.withPropertyValues("windshift.nats.servers=" + nats.url(), "windshift.listener.poll-timeout=1200ms");
	}

	@Test
	void providesTheListenerInfrastructure() {
		runner().run((context) -> {
			assertThat(context).hasSingleBean(WindshiftListenerAnnotationBeanPostProcessor.class)
				.hasSingleBean(WindshiftListenerEndpointRegistry.class)
				.hasSingleBean(ListenerContainerFactory.class)
				.hasSingleBean(ProtobufTypeRegistry.class)
				.hasSingleBean(DeadLetterPublisher.class)
				.hasBean(WindshiftListenerAutoConfiguration.DEFAULT_REJECT_POLICY_BEAN_NAME);
			assertThat(context.getBean(WindshiftListenerEndpointRegistry.class).getPhase())
				.isGreaterThan(io.windshift.admin.WindshiftDeclarations.PHASE);
		});
	}

	@Test
	void backsOffWithoutAConnection() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WindshiftListenerAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(WindshiftListenerEndpointRegistry.class));
	}

	@Test
	void defaultRejectPolicyFollowsThePropertiesAndCanBeReplaced() {
		runner()
			.withPropertyValues("windshift.listener.reject.initial-delay=200ms",
					"windshift.listener.reject.multiplier=3", "windshift.listener.reject.max-delay=1s",
					"windshift.listener.reject.permanent-exceptions=java.lang.IllegalArgumentException")
			.withBean("otherPolicy", RejectPolicy.class, () -> (event, failure) -> Duration.ZERO)
			.run((context) -> {
				RejectPolicy policy = context
					.getBean(WindshiftListenerAutoConfiguration.DEFAULT_REJECT_POLICY_BEAN_NAME, RejectPolicy.class);
				assertThat(policy.decide(StubEvent.atAttempt(1), new IllegalStateException()))
					.isEqualTo(Duration.ofMillis(200));
				assertThat(policy.decide(StubEvent.atAttempt(2), new IllegalStateException()))
					.isEqualTo(Duration.ofMillis(600));
				assertThat(policy.decide(StubEvent.atAttempt(4), new IllegalStateException()))
					.isEqualTo(Duration.ofSeconds(1));
				assertThat(policy.decide(StubEvent.atAttempt(1), new IllegalArgumentException())).isNegative();
			});
		RejectPolicy mine = (event, failure) -> Duration.ofSeconds(9);
		runner()
			.withBean(WindshiftListenerAutoConfiguration.DEFAULT_REJECT_POLICY_BEAN_NAME, RejectPolicy.class,
					() -> mine)
			.run((context) -> assertThat(
					context.getBean(WindshiftListenerAutoConfiguration.DEFAULT_REJECT_POLICY_BEAN_NAME))
				.isSameAs(mine));
	}

	@Test
	void observersSeeEveryInvocationAndOutcomeAndYamlDeclaredConsumersAreUsed() throws Exception {
		nats.connection()
			.jetStreamManagement()
			.addStream(StreamConfiguration.builder().name("observed").subjects("observed.>").build());
		runner().withUserConfiguration(ObservedConfig.class)
			.withPropertyValues("windshift.consumers.yaml.stream=observed", "windshift.consumers.yaml.name=from-yaml",
					"windshift.consumers.yaml.processing-timeout=7s", "windshift.consumers.yaml.consume-from=start")
			.run((context) -> {
				assertThat(nats.connection()
					.jetStreamManagement()
					.getConsumerInfo("observed", "from-yaml")
					.getConsumerConfiguration()
					.getAckWait()).isEqualTo(Duration.ofSeconds(7));
				Headers headers = new Headers();
				headers.put(WireHeaders.DATA_TYPE, "windshift.test.v1.OrderCreated");
				headers.put(WireHeaders.PUBLISHED_TIME, Instant.now().toString());
				nats.connection()
					.jetStream()
					.publish("observed.a", headers, OrderCreated.newBuilder().setOrderId("1").build().toByteArray());
				headers.put(WireHeaders.DATA_TYPE, "nope.Unknown");
				nats.connection().jetStream().publish("observed.a", headers, new byte[0]);
				Recorder recorder = context.getBean(Recorder.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> recorder.outcomes.size() == 2);
				assertThat(recorder.invocations).containsExactly("observed-listener:1");
				// dead letters are on by default: the unknown type is dead-lettered, not
				// terminated
				assertThat(recorder.outcomes).containsExactly("ACKED", "DEAD_LETTERED");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class ObservedConfig {

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

		@Bean
		ObservedListener observedListener() {
			return new ObservedListener();
		}

	}

	static class ObservedListener {

		@WindshiftListener(id = "observed-listener", stream = "observed", consumer = "from-yaml")
		void on(OrderCreated order) {
		}

	}

	static class Recorder implements ListenerObserver {

		final List<String> invocations = new CopyOnWriteArrayList<>();

		final List<String> outcomes = new CopyOnWriteArrayList<>();

		@Override
		public void invoke(String listenerId, Event<?> event, Invocation invocation) throws Throwable {
			this.invocations.add(listenerId + ":" + event.id());
			invocation.proceed();
		}

		@Override
		public void outcome(String listenerId, Message message, Outcome outcome, @Nullable Throwable failure) {
			this.outcomes.add(outcome.name());
		}

	}

}
