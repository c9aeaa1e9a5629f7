package io.windshift.listener;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.nats.client.impl.Headers;
import org.junit.jupiter.api.Test;

import io.windshift.delays.Delays;
import io.windshift.events.CallOption;
import io.windshift.events.Event;
import io.windshift.events.PoisonEventException;
import io.windshift.events.RejectOption;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultRejectPolicyTests {

	private final DefaultRejectPolicy policy = new DefaultRejectPolicy(
			Delays.withMaxDelay(Delays.exponential(Duration.ofSeconds(1), 2), Duration.ofSeconds(5)),
			List.of(IllegalArgumentException.class));

	@Test
	void delayGrowsWithTheDeliveryAttemptUpToTheMax() {
		assertThat(this.policy.decide(event(1), new IllegalStateException())).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.policy.decide(event(2), new IllegalStateException())).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.policy.decide(event(3), new IllegalStateException())).isEqualTo(Duration.ofSeconds(4));
		assertThat(this.policy.decide(event(7), new IllegalStateException())).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void permanentTypesAnywhereInTheCauseChainGiveUp() {
		assertThat(this.policy.decide(event(1), new NumberFormatException())).isNegative();
		assertThat(this.policy.decide(event(1), new RuntimeException(new IllegalArgumentException()))).isNegative();
		assertThat(this.policy.decide(event(1), new PoisonEventException("bad"))).isNegative();
	}

	@Test
	void aStoppingBackOffGivesUp() {
		DefaultRejectPolicy limited = new DefaultRejectPolicy(
				Delays.stopAfterMaxAttempts(Delays.constant(Duration.ofMillis(10)), 2), List.of());
		assertThat(limited.decide(event(2), new IllegalStateException())).isEqualTo(Duration.ofMillis(10));
		assertThat(limited.decide(event(3), new IllegalStateException())).isNegative();
	}

	private static Event<String> event(long attempt) {
		return new Event<>() {

			@Override
			public String data() {
				return "x";
			}

			@Override
			public long id() {
				return 1;
			}

			@Override
			public String subject() {
				return "s";
			}

			@Override
			public String stream() {
				return "s";
			}

			@Override
			public String consumer() {
				return "c";
			}

			@Override
			public long deliveryAttempt() {
				return attempt;
			}

			@Override
			public Instant occurredAt() {
				return Instant.EPOCH;
			}

			@Override
			public Optional<String> idempotencyKey() {
				return Optional.empty();
			}

			@Override
			public Headers headers() {
				return new Headers();
			}

			@Override
			public void ack(CallOption... options) {
			}

			@Override
			public void reject(RejectOption... options) {
			}

			@Override
			public void ping(CallOption... options) {
			}

			@Override
			public boolean isSettled() {
				return false;
			}

		};
	}

}
