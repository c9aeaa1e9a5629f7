package io.windshift.listener;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.nats.client.api.CompressionOption;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.admin.WindshiftAdmin;
import io.windshift.autoconfigure.WindshiftAdminAutoConfiguration;
import io.windshift.events.Event;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.windshift.listener.ListenerTestSupport.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Listeners on work-queue and interest streams declared in configuration: a work-queue
 * consumer starts at the stream's first event whatever the consume-from, listeners that
 * would overlap on a work-queue stream fail startup naming both, and acknowledged events
 * leave such streams.
 */
class RetentionListenerTests {

	private static final AtomicInteger counter = new AtomicInteger();

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create().connectWith(ListenerTestSupport::connect);

	private static ApplicationContextRunner runner(String stream, String retention) {
		return ListenerTestSupport.runner(nats.url())
			.withConfiguration(AutoConfigurations.of(WindshiftAdminAutoConfiguration.class))
			.withPropertyValues("windshift.streams." + stream + ".subjects=" + stream + ".>",
					"windshift.streams." + stream + ".retention=" + retention,
					"windshift.streams." + stream + ".compression=true", "windshift.listener.consume-from=new",
					"test.stream=" + stream);
	}

	@Test
	void workQueueListenerTakesEventsPublishedBeforeItAndTheStreamEmpties() throws Exception {
		String stream = "wq" + counter.incrementAndGet();
		runner(stream, "work-queue").run((context) -> assertThat(context).hasNotFailed());
		for (int i = 0; i < 3; i++) {
			ListenerTestSupport.publish(nats.connection(), stream + ".x", order("before-" + i));
		}
		runner(stream, "work-queue").withUserConfiguration(ScriptedListeners.AutoConfig.class).run((context) -> {
			assertThat(context).hasNotFailed();
			ScriptedListeners.Auto listener = context.getBean(ScriptedListeners.Auto.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> listener.deliveries.size() == 3);
			ConsumerInfo consumer = ListenerTestSupport.consumerInfo(nats.connection(), stream, "auto");
			assertThat(consumer.getConsumerConfiguration().getDeliverPolicy()).isEqualTo(DeliverPolicy.All);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> nats.connection()
					.jetStreamManagement()
					.getStreamInfo(stream)
					.getStreamState()
					.getMsgCount() == 0);
			StreamConfiguration config = nats.connection()
				.jetStreamManagement()
				.getStreamInfo(stream)
				.getConfiguration();
			assertThat(config.getRetentionPolicy()).isEqualTo(RetentionPolicy.WorkQueue);
			assertThat(config.getCompressionOption()).isEqualTo(CompressionOption.S2);
		});
	}

	@Test
	void overlappingListenersOnAWorkQueueStreamFailStartupNamingBoth() {
		String stream = "wq" + counter.incrementAndGet();
		runner(stream, "work-queue").withUserConfiguration(OverlappingConfig.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("'all-orders'")
				.hasMessageContaining("'created-orders'")
				.hasMessageContaining("overlapping subjects")
				.hasMessageContaining("work-queue stream '" + stream + "'");
		});
	}

	@Test
	void overlappingListenersOnALimitsStreamAreFine() {
		String stream = "limits" + counter.incrementAndGet();
		runner(stream, "limits").withUserConfiguration(OverlappingConfig.class)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void interestStreamKeepsEventsUntilTheListenerAcknowledgedThem() throws Exception {
		String stream = "interest" + counter.incrementAndGet();
		runner(stream, "interest").withUserConfiguration(ScriptedListeners.AutoConfig.class).run((context) -> {
			assertThat(context).hasNotFailed();
			ScriptedListeners.Auto listener = context.getBean(ScriptedListeners.Auto.class);
			java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
			listener.behaviour = (event) -> release.await();
			ListenerTestSupport.publish(nats.connection(), stream + ".x", order("kept"));
			await().atMost(Duration.ofSeconds(10)).until(() -> listener.count("kept") == 1);
			// delivered but not acknowledged yet: the interest stream keeps it
			assertThat(nats.connection().jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount())
				.isEqualTo(1);
			release.countDown();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> nats.connection()
					.jetStreamManagement()
					.getStreamInfo(stream)
					.getStreamState()
					.getMsgCount() == 0);
			assertThat(context.getBean(WindshiftAdmin.class)
				.streamInfo(stream)
				.orElseThrow()
				.getConfiguration()
				.getRetentionPolicy()).isEqualTo(RetentionPolicy.Interest);
		});
	}

	static class Overlapping {

		@WindshiftListener(id = "all-orders", stream = "${test.stream}", consumer = "all-orders")
		void all(Event<OrderCreated> event) {
		}

		@WindshiftListener(id = "created-orders", stream = "${test.stream}", consumer = "created-orders",
				subjects = "${test.stream}.created")
		void created(Event<OrderCreated> event) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OverlappingConfig {

		@Bean
		Overlapping overlapping() {
			return new Overlapping();
		}

	}

}
