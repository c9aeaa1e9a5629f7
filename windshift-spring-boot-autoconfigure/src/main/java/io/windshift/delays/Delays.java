package io.windshift.delays;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Factories and decorators for delay schedules, mirroring windshift-go's {@code delays}
 * package. Every schedule is a Spring {@link BackOff}:
 * {@link BackOffExecution#nextBackOff()} gives the next delay in milliseconds, or
 * {@link BackOffExecution#STOP} when no more attempts should be made.
 *
 * <pre>{@code
 * BackOff delays = Delays.stopAfterMaxTime(Delays.exponential(Duration.ofMillis(10), 2), Duration.ofSeconds(5));
 * }</pre>
 */
public final class Delays {

	private Delays() {
	}

	/** No retry at all: the first call to {@code nextBackOff()} stops. */
	public static BackOff never() {
		return () -> () -> BackOffExecution.STOP;
	}

	/** The same delay before every retry, without end. */
	public static BackOff constant(Duration delay) {
		Assert.isTrue(!delay.isNegative(), () -> "delay must not be negative, got " + delay);
		return new FixedBackOff(delay.toMillis(), FixedBackOff.UNLIMITED_ATTEMPTS);
	}

	/**
	 * {@code initial}, then each delay {@code multiplier} times the previous one, without
	 * end.
	 */
	public static BackOff exponential(Duration initial, double multiplier) {
		Assert.isTrue(!initial.isNegative(), () -> "initial delay must not be negative, got " + initial);
		Assert.isTrue(multiplier >= 1, () -> "multiplier must be at least 1, got " + multiplier);
		ExponentialBackOff backOff = new ExponentialBackOff(initial.toMillis(), multiplier);
		backOff.setMaxInterval(Long.MAX_VALUE);
		backOff.setMaxElapsedTime(Long.MAX_VALUE);
		backOff.setMaxAttempts(Long.MAX_VALUE);
		return backOff;
	}

	/**
	 * Randomises each delay by up to {@code fraction} of it, up or down (0.2 = plus or
	 * minus 20%).
	 */
	public static BackOff withJitter(BackOff delays, double fraction) {
		Assert.isTrue(fraction >= 0 && fraction <= 1, () -> "jitter fraction must be within [0, 1], got " + fraction);
		return map(delays, (delay) -> {
			long spread = (long) (delay * fraction);
			return (spread == 0) ? delay : delay - spread + ThreadLocalRandom.current().nextLong(2 * spread + 1);
		});
	}

	/** Caps every delay at {@code max}. */
	public static BackOff withMaxDelay(BackOff delays, Duration max) {
		long cap = max.toMillis();
		return map(delays, (delay) -> Math.min(delay, cap));
	}

	/** Stops after {@code maxAttempts} retries. */
	public static BackOff stopAfterMaxAttempts(BackOff delays, int maxAttempts) {
		Assert.isTrue(maxAttempts >= 0, () -> "maxAttempts must not be negative, got " + maxAttempts);
		return () -> {
			BackOffExecution execution = delays.start();
			int[] attempts = { 0 };
			return () -> (attempts[0]++ >= maxAttempts) ? BackOffExecution.STOP : execution.nextBackOff();
		};
	}

	/** Stops as soon as the next delay would be longer than {@code max}. */
	public static BackOff stopAfterMaxDelay(BackOff delays, Duration max) {
		long limit = max.toMillis();
		return map(delays, (delay) -> (delay > limit) ? BackOffExecution.STOP : delay);
	}

	/**
	 * Stops once the delays waited so far plus the next one would exceed {@code maxTime}.
	 * The time is the sum of the delays, so the schedule is the same however long each
	 * attempt itself takes.
	 */
	public static BackOff stopAfterMaxTime(BackOff delays, Duration maxTime) {
		long limit = maxTime.toMillis();
		return () -> {
			BackOffExecution execution = delays.start();
			long[] total = { 0 };
			return () -> {
				long next = execution.nextBackOff();
				if (next == BackOffExecution.STOP || total[0] + next > limit) {
					return BackOffExecution.STOP;
				}
				total[0] += next;
				return next;
			};
		};
	}

	private static BackOff map(BackOff delays, LongUnaryOperator mapper) {
		return () -> {
			BackOffExecution execution = delays.start();
			return () -> {
				long next = execution.nextBackOff();
				return (next == BackOffExecution.STOP) ? next : mapper.applyAsLong(next);
			};
		};
	}

}
