package io.windshift.listener;

import java.time.Duration;

import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.consumers.ConsumerDefinition;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Which consumer a listener uses: one created from the annotation and the defaults, or a
 * declared one (bean or configuration) bound as it is and recreated from its declaration.
 */
class WindshiftListenerConsumerTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create().connectWith(ListenerTestSupport::connect);

	@Test
	void consumerIsCreatedFromTheAnnotationAndDefaults() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "created");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(ScriptedListeners.AutoConfig.class)
			.withPropertyValues("test.stream=" + stream, "test.timeout=3s", "test.max=7",
					"windshift.listener.max-pending-events=11", "windshift.listener.consume-from=new")
			.run((context) -> {
				ConsumerConfiguration config = ListenerTestSupport.consumerInfo(nats.connection(), stream, "auto")
					.getConsumerConfiguration();
				assertThat(config.getAckWait()).isEqualTo(Duration.ofSeconds(3));
				assertThat(config.getMaxDeliver()).isEqualTo(7);
				assertThat(config.getMaxAckPending()).isEqualTo(11);
				assertThat(config.getDeliverPolicy()).isEqualTo(DeliverPolicy.New);
			});
	}

	@Test
	void declaredConsumerBeanIsUsedAsDeclaredAndRecreatedFromItsDeclaration() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "declared");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(DeclaredConfig.class, ScriptedListeners.AutoConfig.class)
			.withPropertyValues("test.stream=" + stream, "test.consumer=declared", "test.timeout=9s")
			.run((context) -> {
				assertThat(ListenerTestSupport.consumerInfo(nats.connection(), stream, "declared")
					.getConsumerConfiguration()
					.getAckWait()).isEqualTo(Duration.ofSeconds(4));
				ScriptedListeners.Auto listener = context.getBean(ScriptedListeners.Auto.class);
				ListenerTestSupport.publish(nats.connection(), stream + ".only.1",
						OrderCreated.newBuilder().setOrderId("1").build());
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.count("1") == 1);
				nats.connection().jetStreamManagement().deleteConsumer(stream, "declared");
				await().atMost(Duration.ofSeconds(10))
					.ignoreExceptions()
					.until(() -> ListenerTestSupport.consumerInfo(nats.connection(), stream, "declared")
						.getConsumerConfiguration()
						.getAckWait()
						.equals(Duration.ofSeconds(4)));
				ListenerTestSupport.publish(nats.connection(), stream + ".only.2",
						OrderCreated.newBuilder().setOrderId("2").build());
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.count("2") == 1);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class DeclaredConfig {

		@Bean
		ConsumerDefinition declaredConsumer(org.springframework.core.env.Environment environment) {
			String stream = environment.getRequiredProperty("test.stream");
			return ConsumerDefinition.builder(stream)
				.name("declared")
				.subjects(stream + ".only.>")
				.processingTimeout(Duration.ofSeconds(4))
				.consumeFrom(io.windshift.streams.StreamPointer.atStart())
				.build();
		}

	}

}
