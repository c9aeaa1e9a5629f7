package io.windshift.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.windshift.autoconfigure.WindshiftAdminAutoConfiguration;
import io.windshift.autoconfigure.WindshiftConnectionAutoConfiguration;
import io.windshift.autoconfigure.WindshiftListenerAutoConfiguration;
import io.windshift.autoconfigure.WindshiftObservationAutoConfiguration;
import io.windshift.autoconfigure.WindshiftTemplateAutoConfiguration;
import io.windshift.events.WindshiftTemplate;
import io.windshift.listener.ListenerObserver.Outcome;
import io.windshift.listener.WindshiftListener;
import io.windshift.observation.ListenerObservationContext;
import io.windshift.observation.StoppedContexts;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Listener observations end even when the application shuts down while the method runs,
 * and leave nothing behind.
 */
class ObservingListenerObserverTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create();

	@BeforeAll
	static void start() throws Exception {
		nats.connection()
			.jetStreamManagement()
			.addStream(StreamConfiguration.builder()
				.name("closing")
				.subjects("closing.>")
				.storageType(StorageType.Memory)
				.build());
	}

	@Test
	void outcomeNamesFollowTheIssue() {
		assertThat(ObservingListenerObserver.name(Outcome.ACKED)).isEqualTo("ack");
		assertThat(ObservingListenerObserver.name(Outcome.REDELIVERED)).isEqualTo("reject");
		assertThat(ObservingListenerObserver.name(Outcome.DEAD_LETTERED)).isEqualTo("dead-letter");
		assertThat(ObservingListenerObserver.name(Outcome.TERMINATED)).isEqualTo("terminate");
		assertThat(ObservingListenerObserver.name(Outcome.UNSETTLED)).isEqualTo("unsettled");
	}

	@Test
	void anObservationInFlightAtShutdownStillEnds() {
		List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
		ObservationRegistry registry = StoppedContexts.registry(stopped);
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WindshiftConnectionAutoConfiguration.class,
					WindshiftAdminAutoConfiguration.class, WindshiftTemplateAutoConfiguration.class,
					WindshiftListenerAutoConfiguration.class, WindshiftObservationAutoConfiguration.class))
			.withBean(ObservationRegistry.class, () -> registry)
			.withUserConfiguration(SlowListener.class)
			.withPropertyValues("windshift.nats.servers=" + nats.url(), "windshift.listener.consume-from=start",
					"windshift.listener.poll-timeout=1200ms", "windshift.listener.shutdown-timeout=200ms")
			.run((context) -> {
				SlowListener listener = context.getBean(SlowListener.class);
				ObservingListenerObserver observer = context.getBean(ObservingListenerObserver.class);
				context.getBean(WindshiftTemplate.class).publish("closing.created", OrderCreated.getDefaultInstance());
				assertThat(listener.entered.await(10, TimeUnit.SECONDS)).isTrue();
				assertThat(observer.inProgress()).isOne();
				context.close();
				listener.release.countDown();
				await().atMost(Duration.ofSeconds(10)).until(() -> observer.inProgress() == 0);
				assertThat(stopped).filteredOn(ListenerObservationContext.class::isInstance)
					.singleElement()
					.satisfies((observed) -> assertThat(((ListenerObservationContext) observed).getOutcome())
						.isIn("ack", "reject", "unsettled"));
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class SlowListener {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		@WindshiftListener(id = "slow", stream = "closing", consumer = "slow")
		void on(OrderCreated order) throws InterruptedException {
			this.entered.countDown();
			this.release.await(30, TimeUnit.SECONDS);
		}

	}

}
