package io.windshift.autoconfigure.endpoint;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.windshift.autoconfigure.WindshiftAdminAutoConfiguration;
import io.windshift.autoconfigure.WindshiftConnectionAutoConfiguration;
import io.windshift.autoconfigure.endpoint.WindshiftEndpoint.ConsumerDescriptor;
import io.windshift.autoconfigure.endpoint.WindshiftEndpoint.ListenerDescriptor;
import io.windshift.autoconfigure.endpoint.WindshiftEndpoint.StreamDescriptor;
import io.windshift.autoconfigure.endpoint.WindshiftEndpoint.WindshiftDescriptor;
import io.windshift.autoconfigure.WindshiftListenerAutoConfiguration;
import io.windshift.autoconfigure.WindshiftObservationAutoConfiguration;
import io.windshift.autoconfigure.WindshiftTemplateAutoConfiguration;
import io.windshift.events.WindshiftTemplate;
import io.windshift.listener.ListenerState;
import io.windshift.listener.WindshiftListener;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The {@code windshift} Actuator endpoint against a real server: streams with their
 * configuration and state, consumers with pending and redelivered counts, listeners with
 * their state, pause and resume.
 */
class WindshiftEndpointTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create();

	@BeforeAll
	static void start() throws Exception {
		nats.connection()
			.jetStreamManagement()
			.addStream(StreamConfiguration.builder()
				.name("shown")
				.subjects("shown.>")
				.storageType(StorageType.Memory)
				.maxAge(Duration.ofDays(1))
				.description("orders on show")
				.build());
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WindshiftConnectionAutoConfiguration.class,
					WindshiftAdminAutoConfiguration.class, WindshiftTemplateAutoConfiguration.class,
					WindshiftListenerAutoConfiguration.class, WindshiftObservationAutoConfiguration.class,
					WindshiftEndpointAutoConfiguration.class))
			.withPropertyValues("windshift.nats.servers=" + nats.url(),
					"management.endpoints.web.exposure.include=windshift", "windshift.listener.consume-from=start",
					"windshift.listener.poll-timeout=1200ms", "windshift.listener.shutdown-timeout=2s");
	}

	@Test
	void showsStreamsConsumersAndListenersAndPausesAndResumesAListener() {
		runner().withUserConfiguration(ShownListener.class).run((context) -> {
			WindshiftEndpoint endpoint = context.getBean(WindshiftEndpoint.class);
			WindshiftTemplate template = context.getBean(WindshiftTemplate.class);
			for (int i = 0; i < 3; i++) {
				template.publish("shown.created", OrderCreated.newBuilder().setOrderId("s-" + i).build());
			}
			ShownListener listener = context.getBean(ShownListener.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> listener.handled.getCount() == 0);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> endpoint.windshift().streams().get("shown").consumers().get("shown").ackPending() == 0);
			WindshiftDescriptor all = endpoint.windshift();
			assertThat(all.error()).isNull();
			StreamDescriptor stream = all.streams().get("shown");
			assertThat(stream.subjects()).containsExactly("shown.>");
			assertThat(stream.description()).isEqualTo("orders on show");
			assertThat(stream.storage()).isEqualTo("Memory");
			assertThat(stream.maxAge()).isEqualTo("PT24H");
			assertThat(stream.events()).isEqualTo(3);
			assertThat(stream.bytes()).isPositive();
			assertThat(stream.lastId()).isEqualTo(3);
			ConsumerDescriptor consumer = stream.consumers().get("shown");
			assertThat(consumer.durable()).isTrue();
			assertThat(consumer.pending()).isZero();
			assertThat(consumer.ackPending()).isZero();
			assertThat(consumer.redelivered()).isZero();
			ListenerDescriptor shown = all.listeners().get("shown");
			assertThat(shown.stream()).isEqualTo("shown");
			assertThat(shown.consumer()).isEqualTo("shown");
			assertThat(shown.state()).isEqualTo(ListenerState.RUNNING);
			assertThat(shown.concurrency()).isEqualTo(2);
			assertThat(shown.inFlight()).isZero();
			assertThat(shown.handled()).isEqualTo(3);
			assertThat(shown.lastProgress()).isNotNull();
			assertThat(((ListenerDescriptor) endpoint.changeListener("shown", "pause", null, null).getBody()).state())
				.isEqualTo(ListenerState.PAUSED);
			assertThat(endpoint.listener("shown").state()).isEqualTo(ListenerState.PAUSED);
			assertThat(((ListenerDescriptor) endpoint.changeListener("shown", "RESUME", null, null).getBody()).state())
				.isEqualTo(ListenerState.RUNNING);
			// an unknown listener is 404 for a write as for a read; an unknown action is
			// 400 naming the valid ones
			assertThat(endpoint.changeListener("nobody", "pause", null, null).getStatus()).isEqualTo(404);
			assertThat(endpoint.listener("nobody")).isNull();
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.changeListener("shown", "explode", null, null))
				.withMessageContaining("'explode'")
				.withMessageContaining("'shown'")
				.withMessageContaining("[pause, resume, replay-dead-letters]");
			// unlimited limits read as such, not as -1
			assertThat(stream.maxBytes()).isEqualTo("unlimited");
			assertThat(stream.maxEvents()).isEqualTo("unlimited");
			assertThat(consumer.maxDeliveryAttempts()).isEqualTo(5L);
			String json = JsonMapper.builder().build().writeValueAsString(all);
			assertThat(json).contains("\"shown\"")
				.contains("\"ackPending\":0")
				.doesNotContain("nats://")
				.doesNotContain("127.0.0.1");
		});
	}

	@Test
	void isOnlyThereWhenExposed() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WindshiftConnectionAutoConfiguration.class,
					WindshiftEndpointAutoConfiguration.class))
			.withPropertyValues("windshift.nats.servers=" + nats.url())
			.run((context) -> assertThat(context).doesNotHaveBean(WindshiftEndpoint.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class ShownListener {

		final CountDownLatch handled = new CountDownLatch(3);

		@WindshiftListener(id = "shown", stream = "shown", consumer = "shown", concurrency = "2")
		void on(OrderCreated order) {
			this.handled.countDown();
		}

	}

}
