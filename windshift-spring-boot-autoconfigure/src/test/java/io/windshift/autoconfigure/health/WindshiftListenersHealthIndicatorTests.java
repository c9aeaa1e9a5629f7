package io.windshift.autoconfigure.health;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.nats.client.Connection;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.windshift.test.TestConnections;
import io.windshift.autoconfigure.WindshiftAdminAutoConfiguration;
import io.windshift.autoconfigure.WindshiftConnectionAutoConfiguration;
import io.windshift.autoconfigure.WindshiftListenerAutoConfiguration;
import io.windshift.autoconfigure.WindshiftObservationAutoConfiguration;
import io.windshift.autoconfigure.WindshiftTemplateAutoConfiguration;
import io.windshift.events.WindshiftTemplate;
import io.windshift.listener.WindshiftListener;
import io.windshift.listener.WindshiftListenerEndpointRegistry;
import io.windshift.test.NatsServer;
import io.windshift.test.proto.OrderCreated;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code windshift} health contributor against a real server: DOWN across a server
 * stop and UP after its restart, DOWN while a listener makes no progress with events
 * pending, DOWN when stopped, UP when paused.
 */
class WindshiftListenersHealthIndicatorTests {

	private static ApplicationContextRunner runner(NatsServer server) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WindshiftConnectionAutoConfiguration.class,
					WindshiftAdminAutoConfiguration.class, WindshiftTemplateAutoConfiguration.class,
					WindshiftListenerAutoConfiguration.class, WindshiftObservationAutoConfiguration.class,
					WindshiftListenersHealthContributorAutoConfiguration.class))
			.withPropertyValues("windshift.nats.servers=" + server.url(), "windshift.nats.reconnect-wait=100ms",
					"windshift.listener.consume-from=start", "windshift.listener.poll-timeout=1200ms",
					"windshift.listener.consumer-check-interval=200ms", "windshift.listener.shutdown-timeout=2s",
					"windshift.observation.health.no-progress-timeout=700ms");
	}

	private static void createStream(NatsServer server) throws Exception {
		try (Connection connection = TestConnections.connect(server.url())) {
			connection.jetStreamManagement()
				.addStream(StreamConfiguration.builder()
					.name("health")
					.subjects("health.>")
					.storageType(StorageType.File)
					.build());
		}
	}

	private static Health health(AssertableApplicationContext context) {
		return context.getBean("windshiftHealthIndicator", WindshiftListenersHealthIndicator.class).health();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> listener(Health health, String id) {
		return (Map<String, Object>) ((Map<String, Object>) health.getDetails().get("listeners")).get(id);
	}

	@Test
	void downAcrossAServerStopAndUpAfterItsRestart() throws Exception {
		try (NatsServer server = NatsServer.start()) {
			createStream(server);
			runner(server).withUserConfiguration(QuickListener.class).run((context) -> {
				assertThat(context).hasBean("windshiftHealthIndicator");
				await().atMost(Duration.ofSeconds(10)).until(() -> health(context).getStatus().equals(Status.UP));
				assertThat(listener(health(context), "quick")).containsEntry("state", "RUNNING")
					.containsEntry("stream", "health")
					.containsEntry("consumer", "quick");
				server.stop();
				await().atMost(Duration.ofSeconds(10)).until(() -> health(context).getStatus().equals(Status.DOWN));
				assertThat(listener(health(context), "quick")).containsEntry("status", "DOWN").containsKey("reason");
				server.restart();
				await().atMost(Duration.ofSeconds(20)).until(() -> health(context).getStatus().equals(Status.UP));
				context.getBean(WindshiftTemplate.class).publish("health.created", OrderCreated.getDefaultInstance());
				QuickListener listener = context.getBean(QuickListener.class);
				assertThat(listener.latch.await(30, TimeUnit.SECONDS))
					.as(() -> "consumes again after the restart; health now: " + health(context).getDetails())
					.isTrue();
			});
		}
	}

	@Test
	void downWhileAListenerMakesNoProgressWithEventsPendingAndUpOnceItDoes() throws Exception {
		try (NatsServer server = NatsServer.start()) {
			createStream(server);
			runner(server).withUserConfiguration(StuckListener.class).run((context) -> {
				await().atMost(Duration.ofSeconds(10)).until(() -> health(context).getStatus().equals(Status.UP));
				WindshiftTemplate template = context.getBean(WindshiftTemplate.class);
				template.publish("health.created", OrderCreated.getDefaultInstance());
				template.publish("health.created", OrderCreated.getDefaultInstance());
				await().atMost(Duration.ofSeconds(10)).until(() -> health(context).getStatus().equals(Status.DOWN));
				assertThat(listener(health(context), "stuck")).containsEntry("state", "RUNNING")
					.hasEntrySatisfying("reason",
							(reason) -> assertThat(reason.toString()).contains("no event settled"));
				context.getBean(StuckListener.class).release.countDown();
				await().atMost(Duration.ofSeconds(10)).until(() -> health(context).getStatus().equals(Status.UP));
			});
		}
	}

	@Test
	void aStoppedListenerIsDownAndAPausedOneIsUp() throws Exception {
		try (NatsServer server = NatsServer.start()) {
			createStream(server);
			runner(server).withUserConfiguration(QuickListener.class).run((context) -> {
				WindshiftListenerEndpointRegistry registry = context.getBean(WindshiftListenerEndpointRegistry.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> health(context).getStatus().equals(Status.UP));
				registry.pause("quick");
				assertThat(health(context).getStatus()).isEqualTo(Status.UP);
				assertThat(listener(health(context), "quick")).containsEntry("state", "PAUSED");
				registry.stop("quick");
				assertThat(health(context).getStatus()).isEqualTo(Status.DOWN);
				assertThat(listener(health(context), "quick")).containsEntry("reason", "stopped");
				registry.start("quick");
				registry.resume("quick");
				await().atMost(Duration.ofSeconds(10)).until(() -> health(context).getStatus().equals(Status.UP));
			});
		}
	}

	@Test
	void canBeSwitchedOff() throws Exception {
		try (NatsServer server = NatsServer.start()) {
			runner(server).withPropertyValues("management.health.windshift.enabled=false")
				.run((context) -> assertThat(context).doesNotHaveBean(WindshiftListenersHealthIndicator.class));
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class QuickListener {

		final CountDownLatch latch = new CountDownLatch(1);

		@WindshiftListener(id = "quick", stream = "health", consumer = "quick")
		void on(OrderCreated order) {
			this.latch.countDown();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class StuckListener {

		final CountDownLatch release = new CountDownLatch(1);

		@WindshiftListener(id = "stuck", stream = "health", consumer = "stuck")
		void on(OrderCreated order) throws InterruptedException {
			this.release.await(30, TimeUnit.SECONDS);
		}

	}

}
