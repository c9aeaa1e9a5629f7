package io.windshift.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import io.nats.client.impl.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.events.Event;
import io.windshift.events.WireHeaders;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;
import io.windshift.test.proto.OrderShipped;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.windshift.listener.ListenerTestSupport.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code orderBy} within one instance against a real server: per-key exclusivity and
 * stream order under concurrency, a failing event holding its key (retried in the
 * container) while other keys proceed, poison and exhausted events inside a key's
 * sequence, and what fails startup.
 */
class WindshiftListenerOrderingTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create().connectWith(ListenerTestSupport::connect);

	@Test
	void handlesEachKeyOneAtATimeInStreamOrderWhileKeysRunInParallel() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "ordered");
		int keys = 16;
		int perKey = 25;
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(OrderedConfig.class)
			.withPropertyValues("test.stream=" + stream)
			.run((context) -> {
				for (int i = 0; i < perKey; i++) {
					for (int k = 0; k < keys; k++) {
						ListenerTestSupport.publish(nats.connection(), stream + ".k" + k + ".created",
								order("k" + k + ":" + i));
						if (i % 5 == 0) {
							ListenerTestSupport.publish(nats.connection(), stream + ".k" + k + ".shipped",
									OrderShipped.newBuilder().setOrderId("k" + k + ":" + i + "s").build());
						}
					}
				}
				Ordered listener = context.getBean(Ordered.class);
				int total = keys * perKey + keys * (perKey / 5);
				await().atMost(Duration.ofSeconds(60)).until(() -> listener.handled.get() == total);
				assertThat(listener.violations).isEmpty();
				assertThat(listener.maxParallel.get()).isGreaterThan(1);
				for (int k = 0; k < keys; k++) {
					List<Long> ids = listener.idsByKey.get("k" + k);
					assertThat(ids).hasSize(perKey + perKey / 5).isSorted();
				}
			});
	}

	@Test
	void aFailingEventHoldsItsKeyAndIsRetriedInTheContainerWhileOtherKeysGoOn() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "held");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(OrderedConfig.class)
			.withPropertyValues("test.stream=" + stream, "windshift.listener.reject.initial-delay=400ms")
			.run((context) -> {
				Ordered listener = context.getBean(Ordered.class);
				AtomicInteger failures = new AtomicInteger();
				listener.failWhen = (event) -> event.data().getOrderId().equals("a:0")
						&& failures.incrementAndGet() <= 2;
				ListenerTestSupport.publish(nats.connection(), stream + ".a.x", order("a:0"));
				ListenerTestSupport.publish(nats.connection(), stream + ".a.x", order("a:1"));
				for (int i = 0; i < 10; i++) {
					ListenerTestSupport.publish(nats.connection(), stream + ".b.x", order("b:" + i));
				}
				await().atMost(Duration.ofSeconds(20)).until(() -> listener.handled.get() == 12);
				assertThat(listener.violations).isEmpty();
				List<String> log = listener.log;
				// a:0 failed twice, was retried here (attempts 2 and 3, no server
				// redelivery), then a:1
				List<String> a = log.stream().filter((entry) -> entry.startsWith("a:")).toList();
				assertThat(a).containsExactly("a:0@1 failed", "a:0@2 failed", "a:0@3", "a:1@1");
				// every b went by while a was held
				assertThat(log.indexOf("b:9@1")).isLessThan(log.indexOf("a:0@3"));
				assertThat(ListenerTestSupport.consumerInfo(nats.connection(), stream, "ordered").getRedelivered())
					.isZero();
				await().atMost(Duration.ofSeconds(5))
					.until(() -> ListenerTestSupport.consumerInfo(nats.connection(), stream, "ordered")
						.getAckFloor()
						.getStreamSequence() == 12);
			});
	}

	@Test
	void aPoisonOrExhaustedEventInsideAKeysSequenceIsGivenUpAndTheKeyMovesOn() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "poisonkey");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(OrderedConfig.class)
			.withPropertyValues("test.stream=" + stream, "windshift.listener.reject.initial-delay=50ms",
					"windshift.listener.max-delivery-attempts=3")
			.run((context) -> {
				Ordered listener = context.getBean(Ordered.class);
				listener.failWhen = (event) -> event.data().getOrderId().equals("a:2");
				ListenerTestSupport.publish(nats.connection(), stream + ".a.x", order("a:0"));
				Headers headers = new Headers();
				headers.put(WireHeaders.DATA_TYPE, "windshift.test.v1.OrderCreated");
				ListenerTestSupport.publish(nats.connection(), stream + ".a.x", headers,
						ListenerTestSupport.bytes("not protobuf \u0001\u0002\u0003"));
				ListenerTestSupport.publish(nats.connection(), stream + ".a.x", order("a:2"));
				ListenerTestSupport.publish(nats.connection(), stream + ".a.x", order("a:3"));
				await().atMost(Duration.ofSeconds(20)).until(() -> listener.log.contains("a:3@1"));
				assertThat(listener.log).containsExactly("a:0@1", "a:2@1 failed", "a:2@2 failed", "a:2@3 failed",
						"a:3@1");
				assertThat(listener.violations).isEmpty();
				await().atMost(Duration.ofSeconds(5))
					.until(() -> ListenerTestSupport.consumerInfo(nats.connection(), stream, "ordered")
						.getAckFloor()
						.getStreamSequence() == 4);
			});
	}

	@Test
	void invalidSubjectTokenFailsStartup() {
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(OrderedConfig.class)
			.withPropertyValues("test.stream=s", "test.order-by=subject-token:0")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasMessageContaining("bean 'ordered' class 'Ordered'")
					.hasMessageContaining("orderBy 'subject-token:0'");
			});
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(OrderedConfig.class)
			.withPropertyValues("test.stream=s", "test.order-by=subject-token:two")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasMessageContaining("'two' is not a token number");
			});
	}

	@Test
	void unknownOrderingKeyBeanFailsStartup() {
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(OrderedConfig.class)
			.withPropertyValues("test.stream=s", "test.order-by=noSuchKey")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasMessageContaining("bean 'ordered' class 'Ordered'")
					.hasMessageContaining("orderBy 'noSuchKey' is neither");
			});
	}

	@Test
	void orderingByAnOrderingKeyBean() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "beankey");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(OrderedConfig.class)
			.withBean("byOrderPrefix", OrderingKey.class,
					() -> (event) -> ((OrderCreated) event.data()).getOrderId().substring(0, 1))
			.withPropertyValues("test.stream=" + stream, "test.order-by=byOrderPrefix")
			.run((context) -> {
				for (int i = 0; i < 20; i++) {
					// keys in the payload, subjects all different
					ListenerTestSupport.publish(nats.connection(), stream + ".s" + i + ".x",
							order(((i % 2 == 0) ? "a:" : "b:") + i));
				}
				Ordered listener = context.getBean(Ordered.class);
				await().atMost(Duration.ofSeconds(20)).until(() -> listener.handled.get() == 20);
				assertThat(listener.violations).isEmpty();
				assertThat(listener.idsByKey.get("a")).hasSize(10).isSorted();
				assertThat(listener.idsByKey.get("b")).hasSize(10).isSorted();
			});
	}

	@Test
	void manualAckModeWithOrderByFailsStartup() {
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(OrderedConfig.class)
			.withPropertyValues("test.stream=s", "windshift.listener.ack-mode=manual")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasMessageContaining("orderBy needs AckMode.AUTO");
			});
	}

	/**
	 * Keys by the part of the order id before ':'; records order and overlaps per key.
	 */
	@WindshiftListener(stream = "${test.stream}", consumer = "ordered", concurrency = "8",
			orderBy = "${test.order-by:subject-token:2}")
	static class Ordered {

		final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();

		final Map<String, List<Long>> idsByKey = new ConcurrentHashMap<>();

		final List<String> violations = new CopyOnWriteArrayList<>();

		final List<String> log = new CopyOnWriteArrayList<>();

		final AtomicInteger handled = new AtomicInteger();

		final AtomicInteger running = new AtomicInteger();

		final AtomicInteger maxParallel = new AtomicInteger();

		volatile Predicate<Event<OrderCreated>> failWhen = (event) -> false;

		@WindshiftHandler
		void created(Event<OrderCreated> event) throws InterruptedException {
			handle(event.data().getOrderId(), event.id(), event.deliveryAttempt(), this.failWhen.test(event));
		}

		@WindshiftHandler
		void shipped(Event<OrderShipped> event) throws InterruptedException {
			handle(event.data().getOrderId(), event.id(), event.deliveryAttempt(), false);
		}

		private void handle(String orderId, long id, long attempt, boolean fail) throws InterruptedException {
			String key = orderId.substring(0, orderId.indexOf(':'));
			AtomicInteger mine = this.active.computeIfAbsent(key, (k) -> new AtomicInteger());
			if (mine.incrementAndGet() != 1) {
				this.violations.add("two events of key " + key + " at once");
			}
			this.maxParallel.accumulateAndGet(this.running.incrementAndGet(), Math::max);
			try {
				Thread.sleep(ThreadLocalRandom.current().nextInt(3));
				List<Long> ids = this.idsByKey.computeIfAbsent(key, (k) -> new CopyOnWriteArrayList<>());
				if (!ids.isEmpty() && ids.get(ids.size() - 1) >= id) {
					this.violations.add("key " + key + ": " + id + " after " + ids.get(ids.size() - 1));
				}
				if (fail) {
					this.log.add(orderId + "@" + attempt + " failed");
					throw new IllegalStateException("fails: " + orderId);
				}
				ids.add(id);
				this.log.add(orderId + "@" + attempt);
				this.handled.incrementAndGet();
			}
			finally {
				this.running.decrementAndGet();
				mine.decrementAndGet();
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OrderedConfig {

		@Bean
		Ordered ordered() {
			return new Ordered();
		}

	}

}
