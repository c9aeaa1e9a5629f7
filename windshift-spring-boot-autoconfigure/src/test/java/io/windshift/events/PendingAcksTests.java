package io.windshift.events;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.nats.client.api.PublishAck;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link PendingAcks}.
 */
class PendingAcksTests {

	@Test
	void failsAnAcknowledgementThatMissedItsDeadlineAndKeepsTheOthers() {
		try (PendingAcks acks = new PendingAcks(null)) {
			long now = System.nanoTime();
			CompletableFuture<PublishAck> late = acks.track("a", new CompletableFuture<>(), now,
					now + TimeUnit.MILLISECONDS.toNanos(50));
			CompletableFuture<PublishAck> patient = acks.track("a", new CompletableFuture<>(), now,
					now + TimeUnit.MINUTES.toNanos(1));
			await().atMost(Duration.ofSeconds(5)).until(late::isDone);
			assertThat(late).failsWithin(Duration.ZERO)
				.withThrowableOfType(Exception.class)
				.withCauseInstanceOf(TimeoutException.class);
			assertThat(patient).isNotDone();
			patient.complete(null);
		}
	}

	@Test
	void forgetsCompletedAcknowledgementsAndStopsSweepingWhenNoneIsLeft() {
		try (PendingAcks acks = new PendingAcks(null)) {
			long now = System.nanoTime();
			for (int i = 0; i < 100; i++) {
				acks.track("a", CompletableFuture.completedFuture(null), now, now + TimeUnit.MINUTES.toNanos(1));
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> acks.size() == 0);
			// a publish tracked after the sweeps stopped is watched again
			CompletableFuture<PublishAck> later = acks.track("a", new CompletableFuture<>(), System.nanoTime(),
					System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(30));
			await().atMost(Duration.ofSeconds(5)).until(later::isCompletedExceptionally);
			assertThat(acks.size()).isZero();
		}
	}

	@Test
	void failsPendingAcknowledgementsOfADeniedSubjectAtOnce() {
		PermissionViolations violations = new PermissionViolations();
		try (PendingAcks acks = new PendingAcks(violations)) {
			long now = System.nanoTime();
			long deadline = now + TimeUnit.MINUTES.toNanos(1);
			CompletableFuture<PublishAck> denied = acks.track("secret.a", new CompletableFuture<>(), now, deadline);
			CompletableFuture<PublishAck> other = acks.track("public.a", new CompletableFuture<>(), now, deadline);
			violations.record("'Permissions Violation for Publish to \"secret.a\"'");
			assertThat(denied).isCompletedExceptionally();
			assertThat(denied).failsWithin(Duration.ZERO)
				.withThrowableOfType(Exception.class)
				.withCauseInstanceOf(PermissionDeniedException.class);
			assertThat(other).isNotDone();
			// reported before the publish was tracked, after it started
			CompletableFuture<PublishAck> reportedEarlier = acks.track("secret.a", new CompletableFuture<>(), now,
					deadline);
			assertThat(reportedEarlier).isCompletedExceptionally();
			other.complete(null);
		}
	}

	@Test
	void closingStopsWatchingViolations() {
		PermissionViolations violations = new PermissionViolations();
		PendingAcks acks = new PendingAcks(violations);
		long now = System.nanoTime();
		CompletableFuture<PublishAck> pending = acks.track("secret.a", new CompletableFuture<>(), now,
				now + TimeUnit.MINUTES.toNanos(1));
		acks.close();
		violations.record("'Permissions Violation for Publish to \"secret.a\"'");
		assertThat(pending).isNotDone();
		pending.complete(null);
	}

}
