package io.windshift.delays;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DelaysTests {

	private static List<Long> take(BackOff backOff, int max) {
		BackOffExecution execution = backOff.start();
		List<Long> delays = new ArrayList<>();
		for (int i = 0; i < max; i++) {
			long next = execution.nextBackOff();
			if (next == BackOffExecution.STOP) {
				break;
			}
			delays.add(next);
		}
		return delays;
	}

	@Test
	void neverStopsAtOnce() {
		assertThat(take(Delays.never(), 5)).isEmpty();
	}

	@Test
	void constantRepeats() {
		assertThat(take(Delays.constant(Duration.ofMillis(7)), 4)).containsExactly(7L, 7L, 7L, 7L);
	}

	@Test
	void exponentialMultiplies() {
		assertThat(take(Delays.exponential(Duration.ofMillis(10), 2), 5)).containsExactly(10L, 20L, 40L, 80L, 160L);
	}

	@Test
	void maxDelayCaps() {
		assertThat(take(Delays.withMaxDelay(Delays.exponential(Duration.ofMillis(10), 3), Duration.ofMillis(50)), 4))
			.containsExactly(10L, 30L, 50L, 50L);
	}

	@Test
	void stopAfterMaxAttemptsCounts() {
		assertThat(take(Delays.stopAfterMaxAttempts(Delays.constant(Duration.ofMillis(1)), 3), 10)).hasSize(3);
	}

	@Test
	void stopAfterMaxDelayStopsBeforeALongerDelay() {
		assertThat(
				take(Delays.stopAfterMaxDelay(Delays.exponential(Duration.ofMillis(10), 2), Duration.ofMillis(40)), 10))
			.containsExactly(10L, 20L, 40L);
	}

	@Test
	void stopAfterMaxTimeBoundsTheSum() {
		List<Long> delays = take(
				Delays.stopAfterMaxTime(Delays.exponential(Duration.ofMillis(10), 2), Duration.ofSeconds(5)), 100);
		assertThat(delays).containsExactly(10L, 20L, 40L, 80L, 160L, 320L, 640L, 1280L);
		assertThat(delays.stream().mapToLong(Long::longValue).sum()).isLessThanOrEqualTo(5000);
	}

	@Test
	void jitterStaysWithinItsFraction() {
		List<Long> delays = take(Delays.withJitter(Delays.constant(Duration.ofMillis(100)), 0.2), 200);
		assertThat(delays).hasSize(200).allSatisfy((d) -> assertThat(d).isBetween(80L, 120L));
		assertThat(delays.stream().distinct().count()).isGreaterThan(1);
	}

	@Test
	void schedulesRestartIndependently() {
		BackOff backOff = Delays.stopAfterMaxAttempts(Delays.exponential(Duration.ofMillis(1), 2), 2);
		assertThat(take(backOff, 5)).containsExactly(1L, 2L);
		assertThat(take(backOff, 5)).containsExactly(1L, 2L);
	}

	@Test
	void badArgumentsAreNamed() {
		assertThatIllegalArgumentException().isThrownBy(() -> Delays.exponential(Duration.ofMillis(1), 0.5))
			.withMessageContaining("multiplier");
		assertThatIllegalArgumentException().isThrownBy(() -> Delays.withJitter(Delays.never(), 2))
			.withMessageContaining("jitter");
	}

}
