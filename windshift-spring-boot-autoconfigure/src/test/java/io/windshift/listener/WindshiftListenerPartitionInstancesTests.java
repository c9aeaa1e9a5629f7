package io.windshift.listener;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.nats.client.Connection;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.events.Event;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.windshift.listener.ListenerTestSupport.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A partitioned ordered listener across two application instances against a real server:
 * both handle events (each about half), one stopped gracefully hands its partitions to
 * the other, and, restarted, gets its share back; one killed mid-stream (connection cut,
 * listener hung) has its partitions taken over within two processing timeouts. Nothing is
 * lost, and every key's order and exclusivity hold across both.
 */
@Tag("slow")
class WindshiftListenerPartitionInstancesTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create().connectWith(ListenerTestSupport::connect);

	/** 32 keys fall 10, 8, 7 and 7 into the four partitions. */
	private static final int KEYS = 32;

	private static final long PROCESSING_TIMEOUT_MILLIS = 3000;

	@Test
	void twoInstancesShareThePartitionsAndKeepEveryKeysOrderThroughAStopAndAKill() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "parted");
		KeyedHistory history = new KeyedHistory();
		ApplicationContextRunner runner = ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(InstanceConfig.class)
			.withPropertyValues("test.stream=" + stream,
					"windshift.listener.processing-timeout=" + PROCESSING_TIMEOUT_MILLIS + "ms",
					"windshift.listener.shutdown-timeout=2s");
		runner.withPropertyValues("test.instance=A")
			.run((one) -> runner.withPropertyValues("test.instance=B").run((two) -> {
				Instance a = one.getBean(Instance.class);
				Instance b = two.getBean(Instance.class);
				a.history = history;
				b.history = history;
				a.name = "A";
				b.name = "B";
				PartitionedListenerContainer ca = container(one);
				PartitionedListenerContainer cb = container(two);
				awaitShare(ca, 2, cb, 2);
				// first part: both handle about half
				int sent = publish(stream, 0, KEYS * 20);
				awaitHandled(history, sent, ca, cb);
				long shareA = a.handled.get();
				long shareB = b.handled.get();
				System.out.println("partitioned instances: A handled " + shareA + ", B handled " + shareB + " of "
						+ sent + " (A runs partitions " + ca.assigned() + ", B " + cb.assigned() + ")");
				assertThat(shareA).as("A's share").isGreaterThanOrEqualTo(sent / 4);
				assertThat(shareB).as("B's share").isGreaterThanOrEqualTo(sent / 4);
				// second part: A is stopped gracefully mid-stream; B takes everything
				WindshiftListenerEndpointRegistry registryA = one.getBean(WindshiftListenerEndpointRegistry.class);
				sent = publish(stream, sent, KEYS * 5);
				registryA.stop("instance");
				long aAfterStop = a.handled.get();
				sent = publish(stream, sent, KEYS * 5);
				awaitShare(null, 0, cb, 4);
				awaitHandled(history, sent, ca, cb);
				assertThat(a.handled.get()).as("A handles nothing once stopped").isEqualTo(aAfterStop);
				// third part: A restarted gets its share back; then B is killed
				registryA.start("instance");
				awaitShare(ca, 2, cb, 2);
				sent = publish(stream, sent, KEYS * 5);
				awaitHandled(history, sent, ca, cb);
				Set<Integer> victims = cb.assigned();
				b.dead = true;
				long killedAt = System.nanoTime();
				a.since = killedAt;
				a.victimPartitions = victims;
				two.getBean(Connection.class).close();
				sent = publish(stream, sent, KEYS * 10);
				awaitShare(ca, 4, null, 0);
				awaitHandled(history, sent, ca, cb);
				long takeover = Duration.ofNanos(a.firstTakenOver.get() - killedAt).toMillis();
				System.out.println("partitioned instances: after B was killed, A handled B's partitions " + victims
						+ " from " + takeover + " ms; A handled " + a.handled + ", B " + b.handled + " in all");
				assertThat(history.violations).isEmpty();
				for (int k = 0; k < KEYS; k++) {
					assertThat(history.idsByKey.get("k" + k)).as("key k" + k).isSorted();
				}
				assertThat(takeover).as("takeover after the kill (ms)").isLessThan(2 * PROCESSING_TIMEOUT_MILLIS);
			}));
	}

	private static PartitionedListenerContainer container(ApplicationContext context) {
		return (PartitionedListenerContainer) context.getBean(WindshiftListenerEndpointRegistry.class)
			.getListenerContainer("instance");
	}

	/** Waits until each instance runs the given number of partitions, and only those. */
	private static void awaitShare(PartitionedListenerContainer first, int firstCount,
			PartitionedListenerContainer second, int secondCount) {
		await().atMost(Duration.ofSeconds(20)).until(() -> runs(first, firstCount) && runs(second, secondCount));
	}

	private static boolean runs(PartitionedListenerContainer container, int count) {
		if (container == null) {
			return true;
		}
		if (container.assigned().size() != count) {
			return false;
		}
		for (int i = 0; i < container.partitions().size(); i++) {
			boolean running = container.partitions().get(i).isRunning();
			if (running != container.assigned().contains(i)) {
				return false;
			}
		}
		return true;
	}

	private static void awaitHandled(KeyedHistory history, int count, PartitionedListenerContainer... containers) {
		try {
			await().atMost(Duration.ofSeconds(30)).until(() -> history.distinct() >= count);
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			StringBuilder state = new StringBuilder("handled " + history.distinct() + " of " + count);
			for (PartitionedListenerContainer container : containers) {
				state.append("; ").append(container);
			}
			throw new AssertionError(state.toString(), ex);
		}
	}

	private static int publish(String stream, int from, int count) throws Exception {
		for (int i = from; i < from + count; i++) {
			int key = i % KEYS;
			ListenerTestSupport.publish(nats.connection(), stream + ".k" + key + ".x", order("k" + key + ":" + i));
		}
		return from + count;
	}

	@WindshiftListener(id = "instance", stream = "${test.stream}", consumer = "parted", concurrency = "4",
			orderBy = "subject-token:2", partitions = "4")
	static class Instance {

		volatile KeyedHistory history;

		volatile String name;

		volatile boolean dead;

		volatile long since = Long.MAX_VALUE;

		volatile Set<Integer> victimPartitions = Set.of();

		final AtomicLong handled = new AtomicLong();

		final AtomicLong firstTakenOver = new AtomicLong(Long.MAX_VALUE);

		@WindshiftHandler
		void on(Event<OrderCreated> event) throws InterruptedException {
			if (this.dead) {
				// killed: handles nothing any more and settles nothing
				Thread.sleep(10_000);
				return;
			}
			String key = event.subject().split("\\.")[1];
			this.history.record(this.name, key, event.id());
			this.handled.incrementAndGet();
			long now = System.nanoTime();
			if (now - this.since > 0 && this.victimPartitions.contains(KeyPartitions.of(key, 4))) {
				this.firstTakenOver.accumulateAndGet(now, Math::min);
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class InstanceConfig {

		@Bean
		Instance instance() {
			return new Instance();
		}

	}

}
