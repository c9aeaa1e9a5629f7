package io.windshift.listener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.autoconfigure.WindshiftTemplateAutoConfiguration;
import io.windshift.events.Event;
import io.windshift.events.OutgoingEvent;
import io.windshift.events.WireHeaders;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;
import io.windshift.test.proto.OrderShipped;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.windshift.listener.ListenerTestSupport.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Batch listeners against a real server: batch bounds and wait, acknowledging a whole
 * batch (confirmed too), whole-batch rejects with dead letters, failing one index, manual
 * settling, poison events kept out, auto-ping of a slow batch, concurrency, forwarding
 * from a batch, and the startup checks.
 */
class WindshiftListenerBatchTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create().connectWith(ListenerTestSupport::connect);

	private static ApplicationContextRunner runner(String stream) {
		return ListenerTestSupport.runner(nats.url())
			.withConfiguration(AutoConfigurations.of(WindshiftTemplateAutoConfiguration.class))
			.withPropertyValues("test.stream=" + stream, "windshift.listener.reject.initial-delay=50ms",
					"windshift.listener.reject.max-delay=50ms");
	}

	private static void publish(String stream, int count, String prefix) throws Exception {
		for (int i = 0; i < count; i++) {
			ListenerTestSupport.publish(nats.connection(), stream + ".created", order(prefix + i));
		}
	}

	private static long ackPending(String stream, String consumer) throws Exception {
		return ListenerTestSupport.consumerInfo(nats.connection(), stream, consumer).getNumAckPending();
	}

	private static long ackFloor(String stream, String consumer) throws Exception {
		return ListenerTestSupport.consumerInfo(nats.connection(), stream, consumer).getAckFloor().getStreamSequence();
	}

	private static long count(String stream) throws Exception {
		return nats.connection().jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount();
	}

	@Test
	void batchesHoldAtMostMaxBatchSizeAndEveryEventIsAckedOnce() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "bbound");
		publish(stream, 250, "o");
		runner(stream).withUserConfiguration(AutoBatchConfig.class)
			.withPropertyValues("test.size=100", "test.wait=500ms")
			.run((context) -> {
				AutoBatch listener = context.getBean(AutoBatch.class);
				await().atMost(Duration.ofSeconds(20)).until(() -> listener.events() == 250);
				await().atMost(Duration.ofSeconds(5)).until(() -> ackFloor(stream, "batch") == 250);
				assertThat(listener.sizes()).allSatisfy((size) -> assertThat(size).isBetween(1, 100)).contains(100);
				assertThat(listener.ids()).doesNotHaveDuplicates().hasSize(250);
				// in stream order within each batch
				listener.batches.forEach((batch) -> assertThat(batch.stream().map(Event::id).toList()).isSorted());
			});
	}

	@Test
	void confirmedAcksOfABatchAreAllStored() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "bconf");
		publish(stream, 40, "c");
		runner(stream).withUserConfiguration(AutoBatchConfig.class)
			.withPropertyValues("test.size=20", "windshift.listener.confirm-acks=true")
			.run((context) -> {
				AutoBatch listener = context.getBean(AutoBatch.class);
				await().atMost(Duration.ofSeconds(20)).until(() -> listener.events() == 40);
				await().atMost(Duration.ofSeconds(5)).until(() -> ackFloor(stream, "batch") == 40);
				assertThat(listener.ids()).doesNotHaveDuplicates();
			});
	}

	@Test
	void aBatchWaitsAtMostMaxBatchWaitForMoreOnceOneHasArrived() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "bwait");
		runner(stream).withUserConfiguration(AutoBatchConfig.class)
			.withPropertyValues("test.size=10", "test.wait=1500ms")
			.run((context) -> {
				AutoBatch listener = context.getBean(AutoBatch.class);
				long start = System.nanoTime();
				publish(stream, 3, "w");
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.events() == 3);
				long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
				// not full: called once the wait ran out, with the three that came in the
				// meantime
				assertThat(listener.sizes()).containsExactly(3);
				assertThat(elapsedMillis).isGreaterThanOrEqualTo(1400);
			});
	}

	@Test
	void aThrowingBatchRejectsEveryEventAndDeadLettersEachOnceExhausted() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "bthrow");
		String dlq = ListenerTestSupport.createStream(nats.connection(), "bthrowdlq");
		runner(stream).withUserConfiguration(AutoBatchConfig.class)
			.withPropertyValues("test.max=2", "test.dlq=" + dlq + ".x", "test.wait=500ms")
			.run((context) -> {
				AutoBatch listener = context.getBean(AutoBatch.class);
				listener.behaviour = (batch) -> {
					throw new IllegalStateException("store down");
				};
				publish(stream, 3, "t");
				await().atMost(Duration.ofSeconds(15)).until(() -> count(dlq) == 3);
				assertThat(listener.ids()).hasSize(6);
				assertThat(listener.batches.stream().flatMap(List::stream).map(Event::deliveryAttempt).toList())
					.containsOnly(1L, 2L);
				MessageInfo letter = nats.connection().jetStreamManagement().getMessage(dlq, 1);
				assertThat(letter.getHeaders().getFirst(DeadLetterPublisher.REASON)).contains("store down");
				await().atMost(Duration.ofSeconds(5)).until(() -> ackPending(stream, "batch") == 0);
			});
	}

	@Test
	void failingOneIndexAcksTheEventsBeforeItRejectsItAndRedeliversTheRest() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "bindex");
		runner(stream).withUserConfiguration(AutoBatchConfig.class)
			.withPropertyValues("test.size=4", "test.wait=2s")
			.run((context) -> {
				AutoBatch listener = context.getBean(AutoBatch.class);
				AtomicInteger calls = new AtomicInteger();
				listener.behaviour = (batch) -> {
					if (calls.incrementAndGet() == 1) {
						throw new BatchListenerFailedException("cannot store", new IllegalStateException("bad row"), 1);
					}
					return null;
				};
				publish(stream, 4, "i");
				await().atMost(Duration.ofSeconds(15)).until(() -> ackFloor(stream, "batch") == 4);
				List<Event<OrderCreated>> first = listener.batches.get(0);
				assertThat(first).extracting((e) -> e.data().getOrderId()).containsExactly("i0", "i1", "i2", "i3");
				assertThat(listener.attempts("i0")).containsExactly(1L);
				assertThat(listener.attempts("i1")).containsExactly(1L, 2L);
				assertThat(listener.attempts("i2")).containsExactly(1L, 2L);
				assertThat(listener.attempts("i3")).containsExactly(1L, 2L);
			});
	}

	@Test
	void eventsAfterAFailedIndexOnTheirLastAttemptAreDeadLetteredNotDropped() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "bindexlast");
		String dlq = ListenerTestSupport.createStream(nats.connection(), "bindexlastdlq");
		runner(stream).withUserConfiguration(AutoBatchConfig.class)
			.withPropertyValues("test.size=3", "test.wait=2s", "test.max=1", "test.dlq=" + dlq + ".x")
			.run((context) -> {
				AutoBatch listener = context.getBean(AutoBatch.class);
				listener.behaviour = (batch) -> {
					throw new BatchListenerFailedException("first one bad", 0);
				};
				publish(stream, 3, "l");
				await().atMost(Duration.ofSeconds(15)).until(() -> count(dlq) == 3);
				assertThat(listener.ids()).containsExactly(1L, 2L, 3L);
				List<String> reasons = new ArrayList<>();
				for (long seq = 1; seq <= 3; seq++) {
					reasons.add(nats.connection()
						.jetStreamManagement()
						.getMessage(dlq, seq)
						.getHeaders()
						.getFirst(DeadLetterPublisher.REASON));
				}
				assertThat(reasons).filteredOn((reason) -> reason.contains("an earlier event of its batch failed"))
					.hasSize(2);
				await().atMost(Duration.ofSeconds(5)).until(() -> ackFloor(stream, "batch") == 3);
			});
	}

	@Test
	void aManualBatchListenerSettlesEachEventAndUnsettledOnesComeBack() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "bmanual");
		runner(stream).withUserConfiguration(ManualBatchConfig.class)
			.withPropertyValues("test.timeout=1s")
			.run((context) -> {
				ManualBatch listener = context.getBean(ManualBatch.class);
				publish(stream, 4, "m");
				await().atMost(Duration.ofSeconds(15)).until(() -> ackFloor(stream, "manual-batch") == 4);
				// the method acks only what it sees a second time: the first sight of
				// each is left unsettled
				assertThat(listener.seen).filteredOn((seen) -> seen.endsWith("#1")).hasSize(4);
				assertThat(listener.seen).filteredOn((seen) -> seen.endsWith("#2")).hasSize(4);
				assertThat(listener.seen).hasSize(8);
			});
	}

	@Test
	void aManualBatchListenerLeavingAnEventUnsettledOnItsLastAttemptDeadLettersIt() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "bmanlast");
		String dlq = ListenerTestSupport.createStream(nats.connection(), "bmanlastdlq");
		runner(stream).withUserConfiguration(ManualBatchConfig.class)
			.withPropertyValues("test.timeout=1s", "test.max=2", "test.dlq=" + dlq + ".x")
			.run((context) -> {
				ManualBatch listener = context.getBean(ManualBatch.class);
				listener.settle = java.util.regex.Pattern.compile("m1");
				publish(stream, 3, "m");
				await().atMost(Duration.ofSeconds(20)).until(() -> count(dlq) == 2);
				await().atMost(Duration.ofSeconds(5)).until(() -> ackFloor(stream, "manual-batch") == 3);
				// m1 acked on its second attempt; m0 and m2 seen on both attempts, then
				// dead-lettered
				assertThat(listener.seen).containsExactlyInAnyOrder("m0#1", "m1#1", "m2#1", "m0#2", "m1#2", "m2#2");
				List<String> reasons = new ArrayList<>();
				for (long seq = 1; seq <= 2; seq++) {
					reasons.add(nats.connection()
						.jetStreamManagement()
						.getMessage(dlq, seq)
						.getHeaders()
						.getFirst(DeadLetterPublisher.REASON));
				}
				assertThat(reasons).allSatisfy((reason) -> assertThat(reason)
					.contains("not settled by the MANUAL listener on the last of 2 delivery attempts"));
				assertThat(count(dlq)).isEqualTo(2);
			});
	}

	@Test
	void poisonEventsNeverEnterABatch() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "bpoison");
		String dlq = ListenerTestSupport.createStream(nats.connection(), "bpoisondlq");
		runner(stream).withUserConfiguration(AutoBatchConfig.class)
			.withPropertyValues("test.dlq=" + dlq + ".x", "test.wait=1s")
			.run((context) -> {
				AutoBatch listener = context.getBean(AutoBatch.class);
				ListenerTestSupport.publish(nats.connection(), stream + ".created", order("p0"));
				Headers headers = new Headers();
				headers.put(WireHeaders.DATA_TYPE, "windshift.test.v1.OrderCreated");
				headers.put(WireHeaders.PUBLISHED_TIME, "2025-11-03T10:15:30Z");
				ListenerTestSupport.publish(nats.connection(), stream + ".created", headers,
						"\u00ff\u00ff junk".getBytes(StandardCharsets.ISO_8859_1));
				ListenerTestSupport.publish(nats.connection(), stream + ".created", order("p2"));
				await().atMost(Duration.ofSeconds(10)).until(() -> count(dlq) == 1 && listener.events() == 2);
				assertThat(listener.ids()).containsExactlyInAnyOrder(1L, 3L);
				await().atMost(Duration.ofSeconds(5)).until(() -> ackFloor(stream, "batch") == 3);
			});
	}

	@Test
	void aSlowBatchIsPingedSoNoneOfItsEventsIsRedelivered() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "bping");
		runner(stream).withUserConfiguration(AutoBatchConfig.class)
			.withPropertyValues("test.timeout=1s", "test.wait=300ms")
			.run((context) -> {
				AutoBatch listener = context.getBean(AutoBatch.class);
				listener.behaviour = (batch) -> {
					Thread.sleep(3000); // the handler's own slow work, not
										// synchronisation
					return null;
				};
				publish(stream, 5, "s");
				await().atMost(Duration.ofSeconds(15)).until(() -> ackFloor(stream, "batch") == 5);
				assertThat(listener.batches.stream().flatMap(List::stream).map(Event::deliveryAttempt).toList())
					.hasSize(5)
					.containsOnly(1L);
			});
	}

	@Test
	void concurrentWorkersEachTakeTheirOwnBatches() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "bconc");
		publish(stream, 200, "k");
		runner(stream).withUserConfiguration(AutoBatchConfig.class)
			.withPropertyValues("test.size=25", "test.concurrency=3")
			.run((context) -> {
				AutoBatch listener = context.getBean(AutoBatch.class);
				listener.behaviour = (batch) -> {
					Thread.sleep(20); // the handler's own work
					return null;
				};
				await().atMost(Duration.ofSeconds(20)).until(() -> ackFloor(stream, "batch") == 200);
				assertThat(listener.ids()).doesNotHaveDuplicates().hasSize(200);
				assertThat(listener.sizes()).allSatisfy((size) -> assertThat(size).isBetween(1, 25));
				assertThat(listener.threads).hasSizeGreaterThan(1);
			});
	}

	@Test
	void aBatchForwardsTheEventsItReturnsWithKeysFromItsEvents() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "bfwd");
		runner(stream).withUserConfiguration(AutoBatchConfig.class)
			.withPropertyValues("test.size=3", "test.wait=2s")
			.run((context) -> {
				AutoBatch listener = context.getBean(AutoBatch.class);
				listener.behaviour = (batch) -> batch.stream()
					.map((event) -> OutgoingEvent.of(stream + ".shipped",
							OrderShipped.newBuilder().setOrderId(event.data().getOrderId()).build()))
					.toList();
				publish(stream, 3, "f");
				await().atMost(Duration.ofSeconds(10)).until(() -> count(stream) == 6);
				List<String> keys = new ArrayList<>();
				for (long seq = 4; seq <= 6; seq++) {
					keys.add(nats.connection()
						.jetStreamManagement()
						.getMessage(stream, seq)
						.getHeaders()
						.getFirst(WireHeaders.MSG_ID));
				}
				assertThat(keys).containsExactlyInAnyOrder(stream + ":1:batch", stream + ":2:batch",
						stream + ":3:batch");
				await().atMost(Duration.ofSeconds(5)).until(() -> ackPending(stream, "batch") == 0);
			});
	}

	@Test
	void aManualBatchListenerTakingDataFailsStartup() {
		runner("any").withUserConfiguration(ManualData.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining("ManualData.on")
				.hasStackTraceContaining("takes List<Event<T>>");
		});
	}

	@Test
	void batchSettingsOnASingleEventListenerFailStartup() {
		runner("any").withUserConfiguration(NotABatch.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining("NotABatch.on")
				.hasStackTraceContaining("maxBatchSize and maxBatchWait are for batch listeners");
		});
	}

	@Test
	void aListOfSomethingElseFailsStartup() {
		runner("any").withUserConfiguration(ListOfStrings.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining("List<java.lang.String>")
				.hasStackTraceContaining("not a generated protobuf message");
		});
	}

	@FunctionalInterface
	interface BatchBehaviour {

		List<OutgoingEvent> handle(List<Event<OrderCreated>> batch) throws Exception;

	}

	static class AutoBatch {

		volatile BatchBehaviour behaviour = (batch) -> null;

		final List<List<Event<OrderCreated>>> batches = new CopyOnWriteArrayList<>();

		final java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();

		@WindshiftListener(id = "batch", stream = "${test.stream}", consumer = "batch",
				maxBatchSize = "${test.size:100}", maxBatchWait = "${test.wait:100ms}",
				processingTimeout = "${test.timeout:5s}", maxDeliveryAttempts = "${test.max:5}",
				concurrency = "${test.concurrency:1}", deadLetterSubject = "${test.dlq:}")
		List<OutgoingEvent> on(List<Event<OrderCreated>> batch) throws Exception {
			this.batches.add(batch);
			this.threads.add(Thread.currentThread().getName());
			return this.behaviour.handle(batch);
		}

		int events() {
			return this.batches.stream().mapToInt(List::size).sum();
		}

		List<Integer> sizes() {
			return this.batches.stream().map(List::size).toList();
		}

		List<Long> ids() {
			return this.batches.stream().flatMap(List::stream).map(Event::id).toList();
		}

		List<Long> attempts(String orderId) {
			return this.batches.stream()
				.flatMap(List::stream)
				.filter((e) -> e.data().getOrderId().equals(orderId))
				.map(Event::deliveryAttempt)
				.toList();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AutoBatchConfig {

		@Bean
		AutoBatch autoBatch() {
			return new AutoBatch();
		}

	}

	static class ManualBatch {

		final List<String> seen = new CopyOnWriteArrayList<>();

		/** Which orders the method acks (on their second attempt); by default all. */
		volatile java.util.regex.Pattern settle = java.util.regex.Pattern.compile(".*");

		@WindshiftListener(id = "manual-batch", stream = "${test.stream}", consumer = "manual-batch",
				ackMode = AckMode.MANUAL, processingTimeout = "${test.timeout:2s}", maxBatchWait = "500ms",
				maxDeliveryAttempts = "${test.max:5}", deadLetterSubject = "${test.dlq:}")
		void on(List<Event<OrderCreated>> batch) {
			for (Event<OrderCreated> event : batch) {
				this.seen.add(event.data().getOrderId() + "#" + event.deliveryAttempt());
				if (event.deliveryAttempt() > 1 && this.settle.matcher(event.data().getOrderId()).matches()) {
					event.ack();
				}
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ManualBatchConfig {

		@Bean
		ManualBatch manualBatch() {
			return new ManualBatch();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ManualData {

		@WindshiftListener(stream = "${test.stream}", ackMode = AckMode.MANUAL, autoStartup = "false")
		void on(List<OrderCreated> batch) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NotABatch {

		@WindshiftListener(stream = "${test.stream}", maxBatchSize = "10", autoStartup = "false")
		void on(OrderCreated order) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ListOfStrings {

		@WindshiftListener(stream = "${test.stream}", autoStartup = "false")
		void on(List<String> batch) {
		}

	}

}
