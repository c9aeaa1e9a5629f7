package io.windshift.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.PriorityPolicy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.consumers.ConsumerDefinition;
import io.windshift.events.Event;
import io.windshift.streams.StreamPointer;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.windshift.listener.ListenerTestSupport.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An ordered listener taking over a consumer while the instance pinned before still holds
 * events of a key, against a real server: the pin moves at once (as when the consumer
 * leader changes), the earlier instance's events come back one by one as their processing
 * timeouts run out (the later one first), and a later event of the same key arrives first
 * of all. The listener must still handle the key in stream order.
 */
@Tag("slow")
class WindshiftListenerOrderingTakeoverTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create().connectWith(ListenerTestSupport::connect);

	@Test
	void eventsHeldByTheInstancePinnedBeforeComeFirstWhateverOrderTheyComeBackIn() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "takeover");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(ListenerConfig.class)
			.withPropertyValues("test.stream=" + stream, "windshift.listener.processing-timeout=3s")
			.run((context) -> {
				WindshiftListenerEndpointRegistry registry = context.getBean(WindshiftListenerEndpointRegistry.class);
				Handled handled = context.getBean(Handled.class);
				// the listener created the consumer; another instance gets the pin now
				registry.stop("projector");
				long first = publish(stream, "a:1");
				long second = publish(stream, "a:2");
				Connection other = nats.connection();
				PullChannel channel = PullChannel.open(other, "other instance", stream, "projector");
				channel.pinnedGroup(ListenerConsumers.ORDERED_GROUP);
				channel.request(2, Duration.ofSeconds(2));
				Message one = await().atMost(Duration.ofSeconds(10)).until(() -> channel.next(100), (m) -> m != null);
				Message two = await().atMost(Duration.ofSeconds(10)).until(() -> channel.next(100), (m) -> m != null);
				assertThat(channel.isPinned()).isTrue();
				assertThat(List.of(one, two)).extracting((m) -> m.metaData().streamSequence())
					.containsExactly(first, second);
				// it pings the first one once more, so the second one comes back first
				CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS).execute(one::inProgress);
				// the pin moves while it holds both (a consumer leader change does that)
				other.jetStreamManagement().unpinConsumer(stream, "projector", ListenerConsumers.ORDERED_GROUP);
				long third = publish(stream, "a:3");
				registry.start("projector");
				await().atMost(Duration.ofSeconds(20)).until(() -> handled.ids.size() >= 3);
				assertThat(handled.ids).as("key a, in stream order").containsExactly(first, second, third);
				assertThat(handled.attempts).as("the first two were redelivered").containsExactly(2L, 2L, 1L);
				channel.close();
			});
	}

	@Test
	void aConsumerCreatedBeforeOrderByGetsThePinnedClientGroupAtStartup() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "takeover");
		// created by an earlier version of the application, without the priority group
		nats.connection()
			.jetStreamManagement()
			.createConsumer(stream,
					ConsumerConfiguration.builder()
						.durable("projector")
						.ackPolicy(AckPolicy.Explicit)
						.deliverPolicy(DeliverPolicy.All)
						.ackWait(Duration.ofSeconds(3))
						.build());
		long first = publish(stream, "a:1");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(ListenerConfig.class)
			.withPropertyValues("test.stream=" + stream, "windshift.listener.processing-timeout=3s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertPinnedClientGroup(stream);
				Handled handled = context.getBean(Handled.class);
				await().atMost(Duration.ofSeconds(20)).until(() -> handled.ids.contains(first));
			});
	}

	@Test
	void aConsumerDeclaredAsABeanGetsThePinnedClientGroupOfTheOrderedListenerReadingIt() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "takeover");
		// as its declaration created it at an earlier start: without the group
		nats.connection()
			.jetStreamManagement()
			.createConsumer(stream,
					ConsumerDefinition.builder(stream)
						.name("projector")
						.processingTimeout(Duration.ofSeconds(3))
						.consumeFrom(StreamPointer.atStart())
						.build()
						.toConsumerConfiguration());
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(ListenerConfig.class)
			.withBean("projectorConsumer", ConsumerDefinition.class,
					() -> ConsumerDefinition.builder(stream)
						.name("projector")
						.processingTimeout(Duration.ofSeconds(3))
						.consumeFrom(StreamPointer.atStart())
						.build())
			.withPropertyValues("test.stream=" + stream)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertPinnedClientGroup(stream);
				long first = publish(stream, "a:1");
				await().atMost(Duration.ofSeconds(20)).until(() -> context.getBean(Handled.class).ids.contains(first));
			});
	}

	@Test
	void aConsumerTheServerWillNotGiveThePinnedClientGroupFailsStartupNamingIt() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "takeover");
		// a push consumer of the same name, as an older deployment may have left
		nats.connection()
			.jetStreamManagement()
			.createConsumer(stream,
					ConsumerConfiguration.builder()
						.durable("projector")
						.deliverSubject("deliver." + stream)
						.ackPolicy(AckPolicy.Explicit)
						.deliverPolicy(DeliverPolicy.All)
						.ackWait(Duration.ofSeconds(3))
						.build());
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(ListenerConfig.class)
			.withPropertyValues("test.stream=" + stream, "windshift.listener.processing-timeout=3s")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("consumer 'projector' of stream '" + stream + "'")
					.hasMessageContaining("push consumer to pull consumer")
					.hasMessageContaining("Delete the consumer");
				assertThat(context.getStartupFailure()).hasStackTraceContaining("Listener 'projector' could not start");
			});
		// nothing was changed on the server
		assertThat(ListenerTestSupport.consumerInfo(nats.connection(), stream, "projector")
			.getConsumerConfiguration()
			.getPriorityGroups()).isNullOrEmpty();
	}

	private static void assertPinnedClientGroup(String stream) throws Exception {
		ConsumerConfiguration config = ListenerTestSupport.consumerInfo(nats.connection(), stream, "projector")
			.getConsumerConfiguration();
		assertThat(config.getPriorityPolicy()).isEqualTo(PriorityPolicy.PinnedClient);
		assertThat(config.getPriorityGroups()).containsExactly(ListenerConsumers.ORDERED_GROUP);
	}

	private static long publish(String stream, String id) throws Exception {
		return ListenerTestSupport.publish(nats.connection(), stream + ".a.x", order(id)).getSeqno();
	}

	/** What the listener handled: stream ids and delivery attempts, in handling order. */
	static final class Handled {

		final List<Long> ids = new CopyOnWriteArrayList<>();

		final List<Long> attempts = new CopyOnWriteArrayList<>();

	}

	@Configuration(proxyBeanMethods = false)
	static class ListenerConfig {

		@Bean
		Handled handled() {
			return new Handled();
		}

		@Bean
		Projector projector(Handled handled) {
			return new Projector(handled);
		}

	}

	@WindshiftListener(id = "projector", stream = "${test.stream}", consumer = "projector", concurrency = "4",
			orderBy = "subject-token:2")
	static class Projector {

		private final Handled handled;

		Projector(Handled handled) {
			this.handled = handled;
		}

		@WindshiftHandler
		void on(Event<OrderCreated> event) {
			this.handled.ids.add(event.id());
			this.handled.attempts.add(event.deliveryAttempt());
		}

	}

}
