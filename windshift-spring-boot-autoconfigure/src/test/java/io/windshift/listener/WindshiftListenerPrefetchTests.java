package io.windshift.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.nats.client.api.ConsumerInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Prefetch against a real server: events are fetched in batches, never more than the
 * consumer's max pending events nor more than slow handlers can start within the
 * processing timeout; buffered events are pinged while they wait (never redelivered to
 * someone else), and rejected for immediate redelivery when the listener stops before
 * handling them.
 */
class WindshiftListenerPrefetchTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create().connectWith(ListenerTestSupport::connect);

	private static OrderCreated order(String id) {
		return OrderCreated.newBuilder().setOrderId(id).build();
	}

	private static void publish(String stream, int count) throws Exception {
		for (int i = 0; i < count; i++) {
			ListenerTestSupport.publish(nats.connection(), stream + ".x", order("o-" + i));
		}
	}

	private static ApplicationContextRunner runner(String stream, String... properties) {
		return ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(ScriptedListeners.AutoConfig.class)
			.withPropertyValues("test.stream=" + stream, "windshift.listener.auto-startup=false")
			.withPropertyValues(properties);
	}

	@Test
	void fetchesAheadButNeverMoreThanMaxPendingEvents() throws Exception {
		assertFetchesAheadUpTo(8, "windshift.listener.max-pending-events=8");
	}

	@Test
	void fetchesAheadButNeverMoreThanMaxPrefetch() throws Exception {
		assertFetchesAheadUpTo(6, "windshift.listener.max-pending-events=50", "windshift.listener.max-prefetch=6");
	}

	private void assertFetchesAheadUpTo(int limit, String... properties) throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "bounded");
		publish(stream, 40);
		runner(stream, "test.timeout=30s").withPropertyValues(properties).run((context) -> {
			ScriptedListeners.Auto listener = context.getBean(ScriptedListeners.Auto.class);
			CountDownLatch release = new CountDownLatch(1);
			AtomicInteger maxHeld = new AtomicInteger();
			WindshiftListenerEndpointRegistry registry = context.getBean(WindshiftListenerEndpointRegistry.class);
			WindshiftListenerContainer container = (WindshiftListenerContainer) registry.getListenerContainer("auto");
			listener.behaviour = (event) -> {
				maxHeld.accumulateAndGet(container.getHeldCount(), Math::max);
				if (event.data().getOrderId().equals("o-4")) {
					release.await(5, TimeUnit.SECONDS);
				}
			};
			registry.start("auto");
			// while o-4 holds the worker, the container fills up (a new batch once half
			// is free), not beyond
			await().atMost(Duration.ofSeconds(5)).until(() -> container.getHeldCount() > limit / 2);
			await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> {
				int held = container.getHeldCount();
				long pending = ListenerTestSupport.consumerInfo(nats.connection(), stream, "auto").getNumAckPending();
				return held > limit / 2 && held <= limit && pending == held;
			});
			assertThat(container.getPrefetchLimit()).isEqualTo(limit);
			release.countDown();
			await().atMost(Duration.ofSeconds(10)).until(() -> listener.deliveries.size() == 40);
			assertThat(maxHeld.get()).isLessThanOrEqualTo(limit);
			assertThat(listener.deliveries).extracting(ScriptedListeners.Delivery::orderId).doesNotHaveDuplicates();
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(ListenerTestSupport.consumerInfo(nats.connection(), stream, "auto")
					.getAckFloor()
					.getStreamSequence()).isEqualTo(40));
		});
	}

	@Test
	void slowHandlersShrinkThePrefetchSoThatNothingWaitsPastTheProcessingTimeout() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "adaptive");
		publish(stream, 12);
		runner(stream, "test.timeout=2s", "windshift.listener.max-pending-events=50").run((context) -> {
			ScriptedListeners.Auto listener = context.getBean(ScriptedListeners.Auto.class);
			CountDownLatch never = new CountDownLatch(1);
			listener.behaviour = (event) -> never.await(250, TimeUnit.MILLISECONDS);
			WindshiftListenerEndpointRegistry registry = context.getBean(WindshiftListenerEndpointRegistry.class);
			WindshiftListenerContainer container = (WindshiftListenerContainer) registry.getListenerContainer("auto");
			List<Integer> held = new ArrayList<>();
			registry.start("auto");
			await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
				held.add(container.getHeldCount());
				return listener.deliveries.size() == 12;
			});
			// 250 ms per event, 1 s (half the timeout) to start them all: at most 4 held,
			// not 50
			assertThat(container.getPrefetchLimit()).isBetween(1, 4);
			assertThat(held).allSatisfy((count) -> assertThat(count).isLessThanOrEqualTo(4));
			assertThat(listener.deliveries).allSatisfy((d) -> assertThat(d.attempt()).isEqualTo(1));
		});
	}

	@Test
	void bufferedEventsArePingedWhileASlowHandlerHoldsTheWorker() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "buffered");
		publish(stream, 30);
		runner(stream, "test.timeout=1s").run((context) -> {
			ScriptedListeners.Auto listener = context.getBean(ScriptedListeners.Auto.class);
			CountDownLatch never = new CountDownLatch(1);
			listener.behaviour = (event) -> {
				if (event.data().getOrderId().equals("o-3")) {
					never.await(2500, TimeUnit.MILLISECONDS);
				}
			};
			WindshiftListenerEndpointRegistry registry = context.getBean(WindshiftListenerEndpointRegistry.class);
			WindshiftListenerContainer container = (WindshiftListenerContainer) registry.getListenerContainer("auto");
			registry.start("auto");
			await().atMost(Duration.ofSeconds(5)).until(() -> listener.count("o-3") == 1);
			// fast handlers before o-3 let the prefetch grow: events wait in the buffer
			// behind it
			await().atMost(Duration.ofSeconds(2)).until(() -> container.getHeldCount() > 5);
			await().atMost(Duration.ofSeconds(15)).until(() -> listener.deliveries.size() >= 30);
			// all 30 acked, so nothing more can come: the server delivered each exactly
			// once
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(ListenerTestSupport.consumerInfo(nats.connection(), stream, "auto")
					.getAckFloor()
					.getStreamSequence()).isEqualTo(30));
			ConsumerInfo info = ListenerTestSupport.consumerInfo(nats.connection(), stream, "auto");
			assertThat(info.getDelivered().getConsumerSequence()).isEqualTo(30);
			assertThat(info.getRedelivered()).isZero();
			assertThat(listener.deliveries).hasSize(30);
			assertThat(listener.deliveries).allSatisfy((d) -> assertThat(d.attempt()).isEqualTo(1));
		});
	}

	@Test
	void stoppingRejectsBufferedEventsForImmediateRedeliveryAndAcksOnlyHandledOnes() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "release");
		publish(stream, 20);
		ApplicationContextRunner runner = runner(stream, "test.timeout=30s");
		List<String> handled = new ArrayList<>();
		runner.run((context) -> {
			ScriptedListeners.Auto listener = context.getBean(ScriptedListeners.Auto.class);
			CountDownLatch release = new CountDownLatch(1);
			listener.behaviour = (event) -> {
				if (event.data().getOrderId().equals("o-2")) {
					release.await(20, TimeUnit.SECONDS);
				}
			};
			WindshiftListenerEndpointRegistry registry = context.getBean(WindshiftListenerEndpointRegistry.class);
			WindshiftListenerContainer container = (WindshiftListenerContainer) registry.getListenerContainer("auto");
			registry.start("auto");
			await().atMost(Duration.ofSeconds(5)).until(() -> listener.count("o-2") == 1);
			await().atMost(Duration.ofSeconds(5)).until(() -> container.getHeldCount() > 5);
			// close while o-2 is still being handled; let it finish only once the
			// container stopped fetching
			Thread closer = new Thread(context::close, "closer");
			closer.start();
			await().atMost(Duration.ofSeconds(5)).until(() -> !container.isRunning());
			release.countDown();
			closer.join(Duration.ofSeconds(30).toMillis());
			assertThat(closer.isAlive()).isFalse();
			assertThat(container.getHeldCount()).isZero();
			listener.deliveries.forEach((d) -> handled.add(d.orderId()));
		});
		// in-flight o-2 finished and was acked (as were those before it); buffered ones
		// were not acked
		assertThat(handled).containsExactly("o-0", "o-1", "o-2");
		ConsumerInfo info = ListenerTestSupport.consumerInfo(nats.connection(), stream, "auto");
		assertThat(info.getAckFloor().getStreamSequence()).isEqualTo(3);
		assertThat(info.getDelivered().getStreamSequence()).isGreaterThan(8);
		runner.withPropertyValues("windshift.listener.auto-startup=true").run((context) -> {
			ScriptedListeners.Auto listener = context.getBean(ScriptedListeners.Auto.class);
			// rejected for redelivery at once: long before the 30 s processing timeout
			await().atMost(Duration.ofSeconds(10)).until(() -> listener.deliveries.size() == 17);
			List<String> all = new ArrayList<>(handled);
			listener.deliveries.forEach((d) -> all.add(d.orderId()));
			assertThat(all).hasSize(20).doesNotHaveDuplicates();
			assertThat(listener.of("o-19").get(0).attempt()).isEqualTo(2);
		});
	}

}
