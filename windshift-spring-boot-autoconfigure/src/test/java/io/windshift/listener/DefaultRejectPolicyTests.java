package io.windshift.listener;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.windshift.delays.Delays;
import io.windshift.events.PoisonEventException;
import io.windshift.test.StubEvent;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultRejectPolicyTests {

	private final DefaultRejectPolicy policy = new DefaultRejectPolicy(
			Delays.withMaxDelay(Delays.exponential(Duration.ofSeconds(1), 2), Duration.ofSeconds(5)),
			List.of(IllegalArgumentException.class));

	@Test
	void delayGrowsWithTheDeliveryAttemptUpToTheMax() {
		assertThat(this.policy.decide(StubEvent.atAttempt(1), new IllegalStateException()))
			.isEqualTo(Duration.ofSeconds(1));
		assertThat(this.policy.decide(StubEvent.atAttempt(2), new IllegalStateException()))
			.isEqualTo(Duration.ofSeconds(2));
		assertThat(this.policy.decide(StubEvent.atAttempt(3), new IllegalStateException()))
			.isEqualTo(Duration.ofSeconds(4));
		assertThat(this.policy.decide(StubEvent.atAttempt(7), new IllegalStateException()))
			.isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void permanentTypesAnywhereInTheCauseChainGiveUp() {
		assertThat(this.policy.decide(StubEvent.atAttempt(1), new NumberFormatException())).isNegative();
		assertThat(this.policy.decide(StubEvent.atAttempt(1), new RuntimeException(new IllegalArgumentException())))
			.isNegative();
		assertThat(this.policy.decide(StubEvent.atAttempt(1), new PoisonEventException("bad"))).isNegative();
	}

	@Test
	void aStoppingBackOffGivesUp() {
		DefaultRejectPolicy limited = new DefaultRejectPolicy(
				Delays.stopAfterMaxAttempts(Delays.constant(Duration.ofMillis(10)), 2), List.of());
		assertThat(limited.decide(StubEvent.atAttempt(2), new IllegalStateException()))
			.isEqualTo(Duration.ofMillis(10));
		assertThat(limited.decide(StubEvent.atAttempt(3), new IllegalStateException())).isNegative();
	}

}
