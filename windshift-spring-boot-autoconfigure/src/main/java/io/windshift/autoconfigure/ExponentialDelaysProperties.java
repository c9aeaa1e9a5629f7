package io.windshift.autoconfigure;

import java.time.Duration;

import io.windshift.delays.Delays;

import org.springframework.util.backoff.BackOff;

/**
 * Properties of an exponential delay schedule ({@code windshift.listener.reject.*},
 * {@code windshift.publish.retry.*}): the first delay, the factor it grows by and the
 * longest delay. Each implementation keeps its own fields, so that the configuration
 * processor sees their defaults.
 */
interface ExponentialDelaysProperties {

	Duration getInitialDelay();

	double getMultiplier();

	Duration getMaxDelay();

	/** The schedule: growing from the initial delay by the multiplier, capped. */
	default BackOff toDelays() {
		return Delays.withMaxDelay(Delays.exponential(getInitialDelay(), getMultiplier()), getMaxDelay());
	}

}
