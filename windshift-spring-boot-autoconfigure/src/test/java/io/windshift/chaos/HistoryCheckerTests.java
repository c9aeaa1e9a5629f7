package io.windshift.chaos;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checker on synthetic histories: a clean one passes, and each kind of violation
 * (lost, stored twice, handled again without a cause, reordered, stuck) is caught and
 * only where it applies.
 */
class HistoryCheckerTests {

	private static final long S = 1_000_000;

	@Test
	void aCleanHistoryPasses() {
		Synthetic history = new Synthetic().plainListener().publishAndHandle("a", 1, "chaos.sync.k1", 10);
		history.publishAndHandle("b", 2, "chaos.async.k2", 11).quiet(20).end(30);
		CheckResult result = history.check();
		assertThat(result.passed()).as(result.table()).isTrue();
		assertThat(result.counts().acknowledged).isEqualTo(2);
		assertThat(result.listeners().get("plain").handled()).isEqualTo(2);
		assertThat(result.table()).contains("| lost | 0 | yes, ok |");
	}

	@Test
	void anAcknowledgedEventNeverHandledIsLost() {
		Synthetic history = new Synthetic().plainListener().publishAndHandle("a", 1, "chaos.sync.k1", 10);
		history.publish("b", 2, "chaos.sync.k1", 11).quiet(20).end(30);
		CheckResult result = history.check();
		assertThat(result.lost()).isEqualTo(1);
		assertThat(result.violations()).containsEntry("lost", 1);
		assertThat(result.table()).contains("| lost | 1 | **VIOLATED** |").contains("plain never handled b");
	}

	@Test
	void aCommittedAfterCommitPublishIsExpectedLikeAnAcknowledgedOne() {
		Synthetic history = new Synthetic().plainListener();
		history.add(10, "app-1", "publish", "phase", "invoke", "key", "t", "subject", "chaos.after-commit.k1", "mode",
				"after-commit");
		history.add(10, "app-1", "publish", "phase", "ok", "key", "t", "subject", "chaos.after-commit.k1");
		CheckResult result = history.quiet(20).end(30).check();
		assertThat(result.lost()).isEqualTo(1);
		assertThat(result.storedTwice()).isZero();
	}

	@Test
	void aCommittedAfterCommitEventIsNotExpectedWhenItsApplicationDiedBeforeASendWasAcknowledged() {
		Synthetic history = new Synthetic().plainListener();
		history.add(10, "app-1", "publish", "phase", "invoke", "key", "t", "subject", "chaos.after-commit.k1", "mode",
				"after-commit");
		// the send's failure is reported during the commit, before the commit is recorded
		history.add(10, "app-1", "publish", "phase", "fail", "key", "t", "subject", "chaos.after-commit.k1", "error",
				"timeout");
		history.add(11, "app-1", "publish", "phase", "ok", "key", "t", "subject", "chaos.after-commit.k1");
		history.add(12, "faults", "fault", "phase", "start", "kind", "app-kill", "target", "app-1");
		// committed, its send never seen failing: still expected, and lost
		history.add(13, "app-1", "publish", "phase", "invoke", "key", "u", "subject", "chaos.after-commit.k1", "mode",
				"after-commit");
		history.add(13, "app-1", "publish", "phase", "ok", "key", "u", "subject", "chaos.after-commit.k1");
		// killed after a send was acknowledged: expected, and lost when never handled
		history.add(14, "app-1", "publish", "phase", "invoke", "key", "v", "subject", "chaos.after-commit.k1", "mode",
				"after-commit");
		history.add(14, "app-1", "publish", "phase", "ok", "key", "v", "subject", "chaos.after-commit.k1");
		history.add(14, "app-1", "publish", "phase", "fail", "key", "v", "subject", "chaos.after-commit.k1", "error",
				"timeout");
		history.add(15, "app-1", "publish", "phase", "ok", "key", "v", "subject", "chaos.after-commit.k1", "seq", "3");
		history.add(16, "faults", "fault", "phase", "start", "kind", "app-kill", "target", "app-1");
		CheckResult result = history.quiet(20).end(30).check();
		assertThat(result.counts().afterCommitLostWithApplication).isEqualTo(1);
		assertThat(result.counts().acknowledged).isEqualTo(2);
		assertThat(result.lost()).isEqualTo(2);
		assertThat(result.table()).contains("plain never handled u")
			.contains("plain never handled v")
			.doesNotContain("plain never handled t")
			.contains("t committed by app-1, whose send failed; killed before a new send was acknowledged");
	}

	@Test
	void onlyEventsOnAListenersSubjectsAreExpectedAndAFailedPublishIsNot() {
		Synthetic history = new Synthetic().listener("serial", "chaos.*.k0", true, 5_000);
		history.publish("a", 1, "chaos.sync.k0", 10).handle("serial", "a", 1, "chaos.sync.k0", 1, 11, "app-1");
		history.publish("b", 2, "chaos.sync.k1", 11);
		history.add(12, "app-1", "publish", "phase", "invoke", "key", "c", "subject", "chaos.sync.k0", "mode", "sync");
		history.add(13, "app-1", "publish", "phase", "fail", "key", "c", "subject", "chaos.sync.k0", "error",
				"timeout");
		CheckResult result = history.quiet(20).end(30).check();
		assertThat(result.lost()).isZero();
		assertThat(result.listeners().get("serial").expected()).isEqualTo(1);
		assertThat(result.counts().failedAttempts).isEqualTo(1);
	}

	@Test
	void oneKeyAtTwoStreamPositionsIsStoredTwice() {
		Synthetic history = new Synthetic().plainListener().publishAndHandle("a", 1, "chaos.sync.k1", 10);
		history.handle("plain", "a", 7, "chaos.sync.k1", 1, 12, "app-2");
		CheckResult result = history.quiet(20).end(30).check();
		assertThat(result.storedTwice()).isEqualTo(1);
		assertThat(result.violations()).containsKey("duplicated (stored twice)");
		assertThat(result.table()).contains("a at [1, 7]");
	}

	@Test
	void aSecondHandlingIsCountedWithItsCauseOrFlaggedWithoutOne() {
		Synthetic redelivered = new Synthetic().plainListener().publishAndHandle("a", 1, "chaos.sync.k1", 10);
		redelivered.handle("plain", "a", 1, "chaos.sync.k1", 2, 12, "app-2");
		CheckResult withCause = redelivered.quiet(20).end(30).check();
		assertThat(withCause.handledAgainWithCause()).isEqualTo(1);
		assertThat(withCause.passed()).as(withCause.table()).isTrue();

		Synthetic twice = new Synthetic().plainListener().publishAndHandle("a", 1, "chaos.sync.k1", 10);
		twice.handle("plain", "a", 1, "chaos.sync.k1", 1, 12, "app-2");
		CheckResult withoutCause = twice.quiet(20).end(30).check();
		assertThat(withoutCause.handledAgainWithoutCause()).isEqualTo(1);
		assertThat(withoutCause.passed()).isFalse();

		// the first delivery, held up by a fault, finished after its redelivery: still a
		// redelivery
		Synthetic late = new Synthetic().plainListener().publish("a", 1, "chaos.sync.k1", 10);
		late.handle("plain", "a", 1, "chaos.sync.k1", 2, 11, "app-2");
		late.handle("plain", "a", 1, "chaos.sync.k1", 1, 12, "app-1");
		CheckResult lateFirst = late.quiet(20).end(30).check();
		assertThat(lateFirst.handledAgainWithCause()).isEqualTo(1);
		assertThat(lateFirst.passed()).as(lateFirst.table()).isTrue();

		Synthetic replayed = new Synthetic().plainListener().publishAndHandle("a", 1, "chaos.sync.k1", 10);
		replayed.add(11, "faults", "fault", "kind", "consumer-delete", "target", "chaos-plain", "phase", "start");
		replayed.add(11, "faults", "fault", "kind", "consumer-delete", "target", "chaos-plain", "phase", "end",
				"outcome", "unconfirmed");
		replayed.handle("plain", "a", 1, "chaos.sync.k1", 1, 12, "app-2");
		CheckResult replay = replayed.quiet(20).end(30).check();
		assertThat(replay.handledAgainWithCause()).isEqualTo(1);
		assertThat(replay.table()).contains("(0 redelivered, 1 replayed by a recreated consumer)")
			.contains("consumer-delete 1; 1 of the step-downs and deletions not confirmed by the server in time");
	}

	@Test
	void anOrderedListenerFinishingAKeysEventAfterALaterOneReorders() {
		Synthetic history = new Synthetic().listener("ordered", "chaos.>", true, 5_000);
		history.publish("a", 1, "chaos.sync.k1", 1)
			.publish("b", 2, "chaos.sync.k2", 2)
			.publish("c", 3, "chaos.sync.k1", 3);
		history.handle("ordered", "b", 2, "chaos.sync.k2", 1, 10, "app-1"); // other key:
																			// may pass
		history.handle("ordered", "c", 3, "chaos.sync.k1", 1, 11, "app-1"); // k1: 3
																			// before 1
		history.handle("ordered", "a", 1, "chaos.sync.k1", 1, 12, "app-2");
		CheckResult result = history.quiet(20).end(30).check();
		assertThat(result.reordered()).isEqualTo(1);
		assertThat(result.table()).contains("ordered key k1: seq 1 after seq 3");
	}

	@Test
	void theSameInterleavingOnAPlainListenerOrAReplayAfterwardsIsNoReorder() {
		Synthetic plain = new Synthetic().listener("plain", "chaos.>", false, 5_000);
		plain.publish("a", 1, "chaos.sync.k1", 1).publish("c", 3, "chaos.sync.k1", 3);
		plain.handle("plain", "c", 3, "chaos.sync.k1", 1, 11, "app-1")
			.handle("plain", "a", 1, "chaos.sync.k1", 1, 12, "app-2");
		assertThat(plain.quiet(20).end(30).check().reordered()).isZero();

		Synthetic replay = new Synthetic().listener("ordered", "chaos.>", true, 5_000);
		replay.publish("a", 1, "chaos.sync.k1", 1).publish("c", 3, "chaos.sync.k1", 3);
		replay.handle("ordered", "a", 1, "chaos.sync.k1", 1, 10, "app-1");
		replay.handle("ordered", "c", 3, "chaos.sync.k1", 1, 11, "app-1");
		replay.handle("ordered", "a", 1, "chaos.sync.k1", 2, 12, "app-2"); // a
																			// redelivery,
																			// not a first
																			// handling
		CheckResult result = replay.quiet(20).end(30).check();
		assertThat(result.reordered()).isZero();
		assertThat(result.handledAgainWithCause()).isEqualTo(1);
	}

	@Test
	void aListenerIdleForMoreThanTwoProcessingTimeoutsAfterTheFaultsWithWorkLeftIsStuck() {
		Synthetic stuck = new Synthetic().listener("plain", "chaos.>", false, 5_000);
		stuck.publish("a", 1, "chaos.sync.k1", 10).publish("b", 2, "chaos.sync.k1", 11).quiet(20);
		stuck.handle("plain", "a", 1, "chaos.sync.k1", 1, 22, "app-1")
			.handle("plain", "b", 2, "chaos.sync.k1", 1, 33, "app-1");
		CheckResult result = stuck.end(40).check();
		assertThat(result.stuck()).isEqualTo(1);
		assertThat(result.lost()).isZero();
		assertThat(result.listeners().get("plain").longestIdleMillis()).isEqualTo(11_000);

		Synthetic moving = new Synthetic().listener("plain", "chaos.>", false, 5_000);
		moving.publish("a", 1, "chaos.sync.k1", 10).publish("b", 2, "chaos.sync.k1", 11).quiet(20);
		moving.handle("plain", "a", 1, "chaos.sync.k1", 1, 28, "app-1")
			.handle("plain", "b", 2, "chaos.sync.k1", 1, 36, "app-1");
		assertThat(moving.end(60).check().stuck()).isZero();
	}

	@Test
	void workLeftAtTheEndIsStuckAndLostWhileAnIdleListenerWithNothingToDoIsNot() {
		Synthetic left = new Synthetic().listener("plain", "chaos.>", false, 5_000);
		left.publish("a", 1, "chaos.sync.k1", 10).quiet(20);
		CheckResult result = left.end(40).check();
		assertThat(result.violations()).containsEntry("lost", 1).containsEntry("stuck", 1);

		Synthetic done = new Synthetic().listener("plain", "chaos.>", false, 5_000);
		done.publishAndHandle("a", 1, "chaos.sync.k1", 10).quiet(20);
		assertThat(done.end(100).check().stuck()).isZero();
	}

	@Test
	void withoutAQuietMarkTheRunDoesNotPass() {
		Synthetic history = new Synthetic().plainListener().publishAndHandle("a", 1, "chaos.sync.k1", 10).end(30);
		CheckResult result = history.check();
		assertThat(result.passed()).isFalse();
		assertThat(result.table()).contains("the stuck check could not run");
	}

	@Test
	void subjectFilters() {
		assertThat(Subjects.matches("chaos.>", "chaos.sync.k1")).isTrue();
		assertThat(Subjects.matches("chaos.*.k1", "chaos.sync.k1")).isTrue();
		assertThat(Subjects.matches("chaos.*.k1", "chaos.sync.k10")).isFalse();
		assertThat(Subjects.matches("chaos.*", "chaos.sync.k1")).isFalse();
		assertThat(Subjects.matches("chaos.>", "chaos")).isFalse();
	}

	/** A history written by hand; times in seconds. */
	static final class Synthetic {

		private final List<HistoryRecord> records = new ArrayList<>();

		Synthetic plainListener() {
			return listener("plain", "chaos.>", false, 5_000);
		}

		Synthetic listener(String name, String subjects, boolean ordered, long timeoutMillis) {
			return add(0, "app-1", "listen", "listener", name, "consumer", "chaos-" + name, "subjects", subjects,
					"ordered", ordered, "timeout", timeoutMillis);
		}

		Synthetic publish(String key, long seq, String subject, long second) {
			add(second, "app-1", "publish", "phase", "invoke", "key", key, "subject", subject, "mode", "sync");
			return add(second, "app-1", "publish", "phase", "ok", "key", key, "subject", subject, "seq", seq);
		}

		Synthetic publishAndHandle(String key, long seq, String subject, long second) {
			publish(key, seq, subject, second);
			return handle("plain", key, seq, subject, 1, second + 1, "app-1");
		}

		Synthetic handle(String listener, String key, long seq, String subject, long attempt, long second,
				String process) {
			String order = subject.substring(subject.lastIndexOf('.') + 1);
			add(second, process, "handle", "listener", listener, "phase", "start", "key", key, "subject", subject,
					"seq", seq, "attempt", attempt, "order", order);
			return add(second, process, "handle", "listener", listener, "phase", "ok", "key", key, "subject", subject,
					"seq", seq, "attempt", attempt, "order", order);
		}

		Synthetic quiet(long second) {
			return add(second, "faults", "run", "phase", "quiet");
		}

		Synthetic end(long second) {
			return add(second, "faults", "run", "phase", "end");
		}

		Synthetic add(long second, String process, String op, Object... fields) {
			this.records.add(HistoryRecord.of(second * S, process, op, fields));
			return this;
		}

		CheckResult check() {
			List<HistoryRecord> sorted = new ArrayList<>(this.records);
			sorted.sort(java.util.Comparator.comparingLong(HistoryRecord::at));
			return HistoryChecker.check(sorted);
		}

	}

}
