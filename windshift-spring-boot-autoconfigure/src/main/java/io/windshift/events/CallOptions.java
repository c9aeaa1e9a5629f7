package io.windshift.events;

import java.time.Duration;

import io.windshift.delays.Delays;

import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOff;

/**
 * Options for calls to the server, and the settings they resolve to.
 *
 * <pre>{@code
 * event.ack(CallOptions.withBackoff(Delays.stopAfterMaxAttempts(Delays.constant(Duration.ofMillis(50)), 3)));
 * template.publish(event, CallOptions.withNoRetry());
 * }</pre>
 *
 * @param backOff the retry schedule
 * @param timeout how long one attempt may take
 */
public record CallOptions(BackOff backOff, Duration timeout) {

	/**
	 * The default retry schedule for acks, rejects and pings: exponential from 10 ms, 5 s
	 * in total.
	 */
	public static final BackOff DEFAULT_SETTLE_BACKOFF = Delays
		.stopAfterMaxTime(Delays.exponential(Duration.ofMillis(10), 2), Duration.ofSeconds(5));

	/** Retries with this schedule. */
	public static CallOption withBackoff(BackOff backOff) {
		Assert.notNull(backOff, "backOff must not be null");
		return new CallOption(backOff, null);
	}

	/** Makes a single attempt. */
	public static CallOption withNoRetry() {
		return new CallOption(Delays.never(), null);
	}

	/** Bounds each attempt by this timeout. */
	public static CallOption withTimeout(Duration timeout) {
		Assert.isTrue(!timeout.isNegative() && !timeout.isZero(), () -> "timeout must be positive, got " + timeout);
		return new CallOption(null, timeout);
	}

	/** Applies the options, in order, over these settings. */
	public CallOptions with(CallOption... options) {
		BackOff resolvedBackOff = this.backOff;
		Duration resolvedTimeout = this.timeout;
		for (CallOption option : options) {
			Assert.notNull(option, "call options must not contain null");
			if (option.backOff() != null) {
				resolvedBackOff = option.backOff();
			}
			if (option.timeout() != null) {
				resolvedTimeout = option.timeout();
			}
		}
		return new CallOptions(resolvedBackOff, resolvedTimeout);
	}

}
