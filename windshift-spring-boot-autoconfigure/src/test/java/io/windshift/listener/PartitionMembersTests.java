package io.windshift.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;

import io.nats.client.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.test.NatsServerExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The membership of partitioned listeners over a real server: members with as many
 * partitions see each other, others do not; one that stops is dropped at once, one that
 * goes silent after three intervals.
 */
class PartitionMembersTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create().connectWith(ListenerTestSupport::connect);

	private static final Duration INTERVAL = Duration.ofSeconds(1);

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

	@AfterEach
	void stop() {
		this.timer.shutdownNow();
	}

	@Test
	void membersWithAsManyPartitionsSeeEachOtherAndLeaveOrFallSilent() throws Exception {
		String subject = PartitionMembers.subject("members", "c1");
		AtomicReference<List<String>> seenByA = new AtomicReference<>(List.of());
		AtomicReference<List<String>> seenByOther = new AtomicReference<>(List.of());
		PartitionMembers a = members(nats.connection(), subject, 4, seenByA);
		PartitionMembers b = members(nats.connection(), subject, 4, new AtomicReference<>());
		PartitionMembers other = members(nats.connection(), subject, 8, seenByOther);
		try (Connection silent = ListenerTestSupport.connect(nats.url())) {
			PartitionMembers c = members(silent, subject, 4, new AtomicReference<>());
			a.start();
			b.start();
			other.start();
			c.start();
			await().atMost(Duration.ofSeconds(5))
				.until(() -> seenByA.get().equals(List.of(a.self(), b.self(), c.self()).stream().sorted().toList()));
			await().atMost(Duration.ofSeconds(5)).until(() -> seenByOther.get().equals(List.of(other.self())));
			long stoppedAt = System.nanoTime();
			b.stop();
			await().atMost(Duration.ofSeconds(5)).until(() -> !seenByA.get().contains(b.self()));
			assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).as("a member that stops is dropped at once")
				.isLessThan(INTERVAL.multipliedBy(2));
			long silentAt = System.nanoTime();
			silent.close();
			await().atMost(Duration.ofSeconds(10)).until(() -> !seenByA.get().contains(c.self()));
			assertThat(Duration.ofNanos(System.nanoTime() - silentAt))
				.as("a silent member is dropped after 3 intervals")
				.isGreaterThanOrEqualTo(INTERVAL.multipliedBy(2));
			assertThat(seenByA.get()).containsExactly(a.self());
		}
		finally {
			a.stop();
			other.stop();
		}
	}

	private PartitionMembers members(Connection connection, String subject, int partitions,
			AtomicReference<List<String>> seen) {
		return new PartitionMembers("test", connection, subject, INTERVAL, partitions, this.timer, seen::set);
	}

}
