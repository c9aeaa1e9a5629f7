package io.windshift.benchmarks;

import java.util.Arrays;
import java.util.List;

/**
 * Median and spread of one measurement over several rounds.
 *
 * @param median the median of the rounds
 * @param min the lowest round
 * @param max the highest round
 * @param rounds every round, in order
 */
record Stats(double median, double min, double max, List<Double> rounds) {

	static Stats of(List<Double> values) {
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		int n = sorted.length;
		double median = (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
		return new Stats(median, sorted[0], sorted[n - 1], List.copyOf(values));
	}

	/** The spread as a fraction of the median: (max - min) / median. */
	double spread() {
		return (this.median == 0) ? 0 : (this.max - this.min) / this.median;
	}

	static double percentile(long[] sortedNanos, double p) {
		if (sortedNanos.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
		return sortedNanos[Math.max(0, Math.min(index, sortedNanos.length - 1))] / 1_000_000.0;
	}

	static long[] sorted(long[] values) {
		long[] copy = values.clone();
		Arrays.sort(copy);
		return copy;
	}

}
