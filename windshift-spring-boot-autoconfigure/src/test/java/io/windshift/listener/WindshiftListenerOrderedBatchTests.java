package io.windshift.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.events.Event;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.windshift.listener.ListenerTestSupport.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Batch listeners with {@code orderBy} against a real server: concurrent batches never
 * share a key and hold at most one event of a key, each key is handled in stream order,
 * and a failed index keeps its key's order (the failed event and the later ones of its
 * batch are retried in the container, not redelivered by the server).
 */
class WindshiftListenerOrderedBatchTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create().connectWith(ListenerTestSupport::connect);

	/**
	 * Publishes {@code perKey} events for each of {@code keys} keys, the keys
	 * interleaved.
	 */
	private static void publish(String stream, int keys, int perKey) throws Exception {
		for (int i = 0; i < perKey; i++) {
			for (int k = 0; k < keys; k++) {
				ListenerTestSupport.publish(nats.connection(), stream + ".k" + k + ".x", order("k" + k + ":" + i));
			}
		}
	}

	/** Each key's handled sequence equals its stream order, complete. */
	private static void assertEachKeyInStreamOrder(OrderedBatch listener, int keys, int perKey) {
		for (int k = 0; k < keys; k++) {
			List<String> expected = new ArrayList<>();
			for (int i = 0; i < perKey; i++) {
				expected.add("k" + k + ":" + i);
			}
			assertThat(listener.handledByKey.get("k" + k)).containsExactlyElementsOf(expected);
		}
	}

	private static long ackFloor(String stream) throws Exception {
		return ListenerTestSupport.consumerInfo(nats.connection(), stream, "obatch").getAckFloor().getStreamSequence();
	}

	@Test
	void concurrentOrderedBatchesNeverShareAKeyAndKeepEachKeysStreamOrder() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "obatch");
		int keys = 16;
		int perKey = 20;
		publish(stream, keys, perKey);
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(OrderedBatchConfig.class)
			.withPropertyValues("test.stream=" + stream)
			.run((context) -> {
				OrderedBatch listener = context.getBean(OrderedBatch.class);
				await().atMost(Duration.ofSeconds(60)).until(() -> listener.handled.get() == keys * perKey);
				assertThat(listener.violations).isEmpty();
				assertEachKeyInStreamOrder(listener, keys, perKey);
				assertThat(listener.maxBatch.get()).isGreaterThan(1);
				assertThat(listener.maxParallel.get()).isGreaterThan(1);
				await().atMost(Duration.ofSeconds(5)).until(() -> ackFloor(stream) == keys * perKey);
			});
	}

	@Test
	void aFailedIndexInsideAnOrderedBatchKeepsEveryKeysOrder() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "obindex");
		int keys = 4;
		int perKey = 3;
		publish(stream, keys, perKey);
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(OrderedBatchConfig.class)
			.withPropertyValues("test.stream=" + stream, "test.concurrency=2", "test.wait=300ms",
					"windshift.listener.reject.initial-delay=400ms", "windshift.listener.reject.max-delay=400ms")
			.run((context) -> {
				OrderedBatch listener = context.getBean(OrderedBatch.class);
				// the first sight of k0:0 fails; the events after it in its batch (other
				// keys) are not handled
				listener.failWhen = (event) -> event.data().getOrderId().equals("k0:0") && event.deliveryAttempt() == 1;
				await().atMost(Duration.ofSeconds(30)).until(() -> listener.handled.get() == keys * perKey);
				assertThat(listener.violations).isEmpty();
				assertThat(listener.failed).containsExactly("k0:0@1");
				assertEachKeyInStreamOrder(listener, keys, perKey);
				// k0:0 came back from the container (attempt 2) after the reject delay,
				// before k0:1
				assertThat(listener.attempts.get("k0:0")).containsExactly(1L, 2L);
				// tried again here, not redelivered by the server
				assertThat(ListenerTestSupport.consumerInfo(nats.connection(), stream, "obatch").getRedelivered())
					.isZero();
				await().atMost(Duration.ofSeconds(5)).until(() -> ackFloor(stream) == keys * perKey);
			});
	}

	/**
	 * Keys by subject token 2; records overlaps of keys across batches and each key's
	 * handled sequence.
	 */
	static class OrderedBatch {

		final Set<String> activeKeys = ConcurrentHashMap.newKeySet();

		final Map<String, List<String>> handledByKey = new ConcurrentHashMap<>();

		final Map<String, List<Long>> attempts = new ConcurrentHashMap<>();

		final List<String> violations = new CopyOnWriteArrayList<>();

		final List<String> failed = new CopyOnWriteArrayList<>();

		final AtomicInteger handled = new AtomicInteger();

		final AtomicInteger running = new AtomicInteger();

		final AtomicInteger maxParallel = new AtomicInteger();

		final AtomicInteger maxBatch = new AtomicInteger();

		volatile Predicate<Event<OrderCreated>> failWhen = (event) -> false;

		@WindshiftListener(id = "obatch", stream = "${test.stream}", consumer = "obatch", orderBy = "subject-token:2",
				concurrency = "${test.concurrency:4}", maxBatchSize = "8", maxBatchWait = "${test.wait:20ms}")
		void on(List<Event<OrderCreated>> batch) throws InterruptedException {
			this.maxBatch.accumulateAndGet(batch.size(), Math::max);
			this.maxParallel.accumulateAndGet(this.running.incrementAndGet(), Math::max);
			List<String> mine = new ArrayList<>();
			try {
				for (Event<OrderCreated> event : batch) {
					String key = key(event);
					if (!this.activeKeys.add(key)) {
						this.violations.add("key " + key + " in two batches at once, or twice in one: " + batch);
					}
					else {
						mine.add(key);
					}
				}
				Thread.sleep(ThreadLocalRandom.current().nextInt(5)); // the handler's own
																		// work
				for (int i = 0; i < batch.size(); i++) {
					Event<OrderCreated> event = batch.get(i);
					String orderId = event.data().getOrderId();
					this.attempts.computeIfAbsent(orderId, (id) -> new CopyOnWriteArrayList<>())
						.add(event.deliveryAttempt());
					if (this.failWhen.test(event)) {
						this.failed.add(orderId + "@" + event.deliveryAttempt());
						throw new BatchListenerFailedException("fails: " + orderId, i);
					}
					this.handledByKey.computeIfAbsent(key(event), (k) -> new CopyOnWriteArrayList<>()).add(orderId);
					this.handled.incrementAndGet();
				}
			}
			finally {
				this.running.decrementAndGet();
				mine.forEach(this.activeKeys::remove);
			}
		}

		private static String key(Event<OrderCreated> event) {
			String orderId = event.data().getOrderId();
			return orderId.substring(0, orderId.indexOf(':'));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OrderedBatchConfig {

		@Bean
		OrderedBatch orderedBatch() {
			return new OrderedBatch();
		}

	}

}
