package io.windshift.listener;

import java.time.Duration;

/**
 * Sizes a container's prefetch: how many events it may hold at once (fetched ahead of its
 * workers plus being handled). Starts at the concurrency and follows the observed
 * handling time so that the last of the held events starts within a fraction of the
 * processing timeout, never above the given maximum (the consumer's max pending events
 * and {@code windshift.listener.max-prefetch}) and never below the concurrency (every
 * worker can be busy). The average is a moving one, updated without locks: a lost update
 * only shifts it slightly.
 */
final class PrefetchSizer {

	/** Weight of a new observation in the moving average. */
	private static final double WEIGHT = 0.2;

	/** Fraction of the processing timeout the held events may take to start. */
	static final double BUDGET_FRACTION = 0.5;

	private final int concurrency;

	private volatile double averageNanos = -1;

	PrefetchSizer(int concurrency) {
		this.concurrency = concurrency;
	}

	/** Records how long handling one event took. */
	void observe(long nanos) {
		double current = this.averageNanos;
		this.averageNanos = (current < 0) ? nanos : current + WEIGHT * (nanos - current);
	}

	/**
	 * The average handling time so far, or a negative number before the first
	 * observation.
	 */
	double averageNanos() {
		return this.averageNanos;
	}

	/**
	 * How many events the container may hold now.
	 * @param processingTimeout the consumer's processing timeout
	 * @param maximum the most it may hold regardless of the handling time (at least 1)
	 */
	int limit(Duration processingTimeout, int maximum) {
		int floor = Math.min(this.concurrency, maximum);
		double average = this.averageNanos;
		if (average < 0) {
			return Math.max(1, floor);
		}
		double budget = processingTimeout.toNanos() * BUDGET_FRACTION;
		double fitting = budget / Math.max(average, 1) * this.concurrency;
		int limit = (fitting >= maximum) ? maximum : (int) fitting;
		return Math.max(Math.max(1, floor), limit);
	}

}
