package io.windshift.listener;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.consumers.ConsumerDefinition;
import io.windshift.events.Event;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.windshift.listener.ListenerTestSupport.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A partitioned ordered listener ({@code partitions}) in one instance against a real
 * server: it runs every partition, each on its own consumer, handles every event once,
 * each key one at a time and in stream order; and what fails startup.
 */
class WindshiftListenerPartitionTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create().connectWith(ListenerTestSupport::connect);

	@Test
	void oneInstanceRunsEveryPartitionAndHandlesEachEventOnceInKeyOrder() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "parts");
		int keys = 32;
		int perKey = 15;
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(PartitionedConfig.class)
			.withPropertyValues("test.stream=" + stream)
			.run((context) -> {
				WindshiftListenerEndpointRegistry registry = context.getBean(WindshiftListenerEndpointRegistry.class);
				PartitionedListenerContainer container = (PartitionedListenerContainer) registry
					.getListenerContainer("partitioned");
				await().atMost(Duration.ofSeconds(10))
					.until(() -> container.partitions()
						.stream()
						.allMatch((partition) -> partition.getState() == ListenerState.RUNNING));
				assertThat(container.assigned()).containsExactly(0, 1, 2, 3);
				assertThat(nats.connection().jetStreamManagement().getConsumerNames(stream)).containsExactlyInAnyOrder(
						"ordered-p0-of-4", "ordered-p1-of-4", "ordered-p2-of-4", "ordered-p3-of-4");
				for (int i = 0; i < perKey; i++) {
					for (int k = 0; k < keys; k++) {
						ListenerTestSupport.publish(nats.connection(), stream + ".k" + k + ".created",
								order("k" + k + ":" + i));
					}
				}
				Partitioned listener = context.getBean(Partitioned.class);
				int total = keys * perKey;
				await().atMost(Duration.ofSeconds(60)).until(() -> listener.handled.get() >= total);
				assertThat(listener.violations).isEmpty();
				assertThat(listener.timesById).hasSize(total);
				assertThat(listener.timesById.values()).allSatisfy((times) -> assertThat(times.get()).isOne());
				for (int k = 0; k < keys; k++) {
					assertThat(listener.idsByKey.get("k" + k)).as("key k" + k).hasSize(perKey).isSorted();
				}
				assertThat(listener.maxParallel.get()).isGreaterThan(1);
				// every event reached every partition's consumer; three of four skipped
				// it
				await().atMost(Duration.ofSeconds(10)).until(() -> {
					for (int i = 0; i < 4; i++) {
						if (ListenerTestSupport.consumerInfo(nats.connection(), stream, "ordered-p" + i + "-of-4")
							.getAckFloor()
							.getStreamSequence() != total) {
							return false;
						}
					}
					return true;
				});
				assertThat(container.getState()).isEqualTo(ListenerState.RUNNING);
				registry.pause("partitioned");
				assertThat(container.partitions()).allSatisfy((partition) -> assertThat(partition.isPaused()).isTrue());
				assertThat(registry.getState("partitioned")).isEqualTo(ListenerState.PAUSED);
				registry.stop("partitioned");
				assertThat(container.partitions())
					.allSatisfy((partition) -> assertThat(partition.getState()).isEqualTo(ListenerState.STOPPED));
			});
	}

	@Test
	void aPartitionedBatchListenerHandlesEachEventOnceInKeyOrder() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "pbatch");
		int keys = 16;
		int perKey = 10;
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(BatchConfig.class)
			.withPropertyValues("test.stream=" + stream)
			.run((context) -> {
				for (int i = 0; i < perKey; i++) {
					for (int k = 0; k < keys; k++) {
						ListenerTestSupport.publish(nats.connection(), stream + ".k" + k + ".created",
								order("k" + k + ":" + i));
					}
				}
				PartitionedBatch listener = context.getBean(PartitionedBatch.class);
				await().atMost(Duration.ofSeconds(30)).until(() -> listener.ids.size() >= keys * perKey);
				assertThat(listener.ids).hasSize(keys * perKey).doesNotHaveDuplicates();
				for (int k = 0; k < keys; k++) {
					assertThat(listener.idsByKey.get("k" + k)).as("key k" + k).hasSize(perKey).isSorted();
				}
			});
	}

	@Test
	void aDeclaredConsumerIsCopiedUnderEachPartitionsName() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "declared");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(PartitionedConfig.class, DeclaredConfig.class)
			.withPropertyValues("test.stream=" + stream)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				for (int i = 0; i < 4; i++) {
					ConsumerConfiguration config = ListenerTestSupport
						.consumerInfo(nats.connection(), stream, "ordered-p" + i + "-of-4")
						.getConsumerConfiguration();
					assertThat(config.getMaxDeliver()).isEqualTo(7);
					assertThat(config.getFilterSubjects()).containsExactly(stream + ".*.created");
					assertThat(config.getPriorityGroups()).containsExactly(ListenerConsumers.ORDERED_GROUP);
				}
			});
	}

	@Test
	void partitionsWithoutOrderByFailStartup() {
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(PartitionedConfig.class)
			.withPropertyValues("test.stream=s", "test.order-by=")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasMessageContaining("bean 'partitioned' class 'Partitioned'")
					.hasMessageContaining("partitions only make sense with orderBy");
			});
	}

	@Test
	void partitionsBelowOneOrNotANumberFailStartup() {
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(PartitionedConfig.class)
			.withPropertyValues("test.stream=s", "test.partitions=0")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasMessageContaining("bean 'partitioned' class 'Partitioned'")
					.hasMessageContaining("partitions must be at least 1");
			});
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(PartitionedConfig.class)
			.withPropertyValues("test.stream=s", "test.partitions=x")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasMessageContaining("Partitioned")
					.hasMessageContaining("partitions 'x' is not a number");
			});
	}

	@Test
	void partitionsOnAWorkQueueStreamFailStartup() throws Exception {
		String stream = "partsqueue";
		nats.connection()
			.jetStreamManagement()
			.addStream(StreamConfiguration.builder()
				.name(stream)
				.subjects(stream + ".>")
				.retentionPolicy(RetentionPolicy.WorkQueue)
				.build());
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(PartitionedConfig.class)
			.withPropertyValues("test.stream=" + stream)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("Listener 'partitioned' is partitioned")
					.hasMessageContaining("work-queue stream");
			});
	}

	/**
	 * Keys by the part of the order id before ':'; records order, overlaps and
	 * deliveries.
	 */
	@WindshiftListener(id = "partitioned", stream = "${test.stream}", consumer = "ordered", concurrency = "4",
			orderBy = "${test.order-by:subject-token:2}", partitions = "${test.partitions:4}")
	static class Partitioned {

		final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();

		final Map<String, List<Long>> idsByKey = new ConcurrentHashMap<>();

		final Map<Long, AtomicInteger> timesById = new ConcurrentHashMap<>();

		final List<String> violations = new CopyOnWriteArrayList<>();

		final AtomicInteger handled = new AtomicInteger();

		final AtomicInteger running = new AtomicInteger();

		final AtomicInteger maxParallel = new AtomicInteger();

		@WindshiftHandler
		void created(Event<OrderCreated> event) throws InterruptedException {
			String orderId = event.data().getOrderId();
			String key = orderId.substring(0, orderId.indexOf(':'));
			AtomicInteger mine = this.active.computeIfAbsent(key, (k) -> new AtomicInteger());
			if (mine.incrementAndGet() != 1) {
				this.violations.add("two events of key " + key + " at once");
			}
			this.maxParallel.accumulateAndGet(this.running.incrementAndGet(), Math::max);
			try {
				Thread.sleep(ThreadLocalRandom.current().nextInt(3));
				List<Long> ids = this.idsByKey.computeIfAbsent(key, (k) -> new CopyOnWriteArrayList<>());
				if (!ids.isEmpty() && ids.get(ids.size() - 1) >= event.id()) {
					this.violations.add("key " + key + ": " + event.id() + " after " + ids.get(ids.size() - 1));
				}
				ids.add(event.id());
				this.timesById.computeIfAbsent(event.id(), (id) -> new AtomicInteger()).incrementAndGet();
				this.handled.incrementAndGet();
			}
			finally {
				this.running.decrementAndGet();
				mine.decrementAndGet();
			}
		}

	}

	@WindshiftListener(id = "pbatch", stream = "${test.stream}", consumer = "pbatch", orderBy = "subject-token:2",
			partitions = "4", concurrency = "2", maxBatchSize = "8", maxBatchWait = "20ms")
	static class PartitionedBatch {

		final List<Long> ids = new CopyOnWriteArrayList<>();

		final Map<String, List<Long>> idsByKey = new ConcurrentHashMap<>();

		@WindshiftHandler
		void on(List<Event<OrderCreated>> batch) {
			for (Event<OrderCreated> event : batch) {
				String key = event.subject().split("\\.")[1];
				this.idsByKey.computeIfAbsent(key, (k) -> new CopyOnWriteArrayList<>()).add(event.id());
				this.ids.add(event.id());
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BatchConfig {

		@Bean
		PartitionedBatch partitionedBatch() {
			return new PartitionedBatch();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DeclaredConfig {

		@Bean
		ConsumerDefinition ordered(@Value("${test.stream}") String stream) {
			return ConsumerDefinition.builder(stream)
				.name("ordered")
				.subjects(stream + ".*.created")
				.maxDeliveryAttempts(7)
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PartitionedConfig {

		@Bean
		Partitioned partitioned() {
			return new Partitioned();
		}

	}

}
