package io.windshift.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.nats.client.Connection;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.events.Event;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.windshift.listener.ListenerTestSupport.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code orderBy} across two application instances on one durable consumer against a real
 * server: the pinned instance handles the events, one stopped hands its keys over, one
 * killed mid-stream (its connection cut, its listener dead) has its keys taken over
 * within two processing timeouts; nothing is lost and every key's order and exclusivity
 * hold throughout.
 */
@Tag("slow")
class WindshiftListenerOrderingInstancesTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create().connectWith(ListenerTestSupport::connect);

	private static final int KEYS = 16;

	private static final int PER_KEY = 30;

	@Test
	void twoInstancesKeepEveryKeysOrderThroughAStopAndAKill() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "shared");
		KeyedHistory history = new KeyedHistory();
		ApplicationContextRunner runner = ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(InstanceConfig.class)
			.withPropertyValues("test.stream=" + stream, "windshift.listener.processing-timeout=3s");
		runner.withPropertyValues("test.instance=A")
			.run((one) -> runner.withPropertyValues("test.instance=B").run((two) -> {
				Instance a = one.getBean(Instance.class);
				Instance b = two.getBean(Instance.class);
				a.history = history;
				b.history = history;
				int total = KEYS * PER_KEY;
				int sent = 0;
				// first third: whoever is pinned handles all
				sent = publish(stream, sent, total / 3);
				await().atMost(Duration.ofSeconds(30)).until(() -> history.distinct() >= total / 3);
				Instance pinned = (a.handled.get() > 0) ? a : b;
				Instance other = (pinned == a) ? b : a;
				assertThat(other.handled.get()).as("only the pinned instance receives events").isZero();
				// second third: the pinned one is stopped (gracefully) mid-stream, the
				// other takes over
				var pinnedRegistry = ((pinned == a) ? one : two).getBean(WindshiftListenerEndpointRegistry.class);
				sent = publish(stream, sent, total / 6);
				pinnedRegistry.stop("instance");
				sent = publish(stream, sent, total / 6);
				// nothing is lost: an event that reached it while it stopped is rejected
				// only once its requests ended (rejected while they were open, it came
				// straight back to them until the server gave up on it)
				awaitHandled(history, 2 * total / 3, stream, one, two);
				assertThat(other.handled.get()).as("the other instance took over").isPositive();
				pinnedRegistry.start("instance");
				// last third: the instance now pinned is killed mid-stream; the restarted
				// one takes over
				sent = publish(stream, sent, total / 6);
				await().atMost(Duration.ofSeconds(30)).until(() -> history.distinct() >= 2 * total / 3 + 10);
				Instance victim = other;
				Instance survivor = pinned;
				long survivorBefore = survivor.handled.get();
				victim.dead = true;
				long killedAt = System.nanoTime();
				((victim == a) ? one : two).getBean(Connection.class).close();
				publish(stream, sent, total - sent);
				await().atMost(Duration.ofSeconds(60)).until(() -> history.distinct() == total);
				long takeover = Duration.ofNanos(survivor.firstAfter(survivorBefore) - killedAt).toMillis();
				assertThat(history.violations).isEmpty();
				for (int k = 0; k < KEYS; k++) {
					assertThat(history.idsByKey.get("k" + k)).as("key k" + k)
						.hasSizeGreaterThanOrEqualTo(PER_KEY)
						.isSorted();
				}
				assertThat(takeover).as("takeover after the kill (ms)").isLessThan(2 * 3000);
				System.out.println("ordered instances: A handled " + a.handled + ", B handled " + b.handled
						+ ", takeover after kill " + takeover + " ms");
			}));
	}

	private static void awaitHandled(KeyedHistory history, int count, String stream,
			org.springframework.context.ApplicationContext... instances) throws Exception {
		try {
			await().atMost(Duration.ofSeconds(30)).until(() -> history.distinct() >= count);
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			StringBuilder state = new StringBuilder("handled " + history.distinct() + " of " + count);
			for (var instance : instances) {
				var container = instance.getBean(WindshiftListenerEndpointRegistry.class)
					.getListenerContainer("instance");
				state.append("; ")
					.append(container)
					.append(" held ")
					.append(((WindshiftListenerContainer) container).getHeldCount());
			}
			var info = ListenerTestSupport.consumerInfo(nats.connection(), stream, "shared");
			state.append("; consumer: unacknowledged ")
				.append(info.getNumAckPending())
				.append(", redelivered ")
				.append(info.getRedelivered())
				.append(", delivered ")
				.append(info.getDelivered())
				.append(", ack floor ")
				.append(info.getAckFloor())
				.append("; by key ")
				.append(history.idsByKey);
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

	@WindshiftListener(id = "instance", stream = "${test.stream}", consumer = "shared", concurrency = "4",
			orderBy = "subject-token:2")
	static class Instance {

		volatile KeyedHistory history;

		volatile boolean dead;

		final AtomicLong handled = new AtomicLong();

		final List<long[]> times = new CopyOnWriteArrayList<>();

		@WindshiftHandler
		void on(Event<OrderCreated> event) throws InterruptedException {
			if (this.dead) {
				// killed: handles nothing any more and settles nothing
				Thread.sleep(60_000);
				return;
			}
			String key = event.subject().split("\\.")[1];
			this.history.record(event.subject(), key, event.id());
			this.times.add(new long[] { this.handled.incrementAndGet(), System.nanoTime() });
		}

		/** When the first event after the first {@code count} was handled. */
		long firstAfter(long count) {
			List<long[]> all = new ArrayList<>(this.times);
			return all.stream().filter((t) -> t[0] == count + 1).findFirst().map((t) -> t[1]).orElse(Long.MAX_VALUE);
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
