package io.windshift.benchmarks;

/**
 * One pair measured side by side: the starter against raw jnats (or tracing on against off).
 *
 * @param name what was measured
 * @param unit the unit of the figures
 * @param higherIsBetter whether a larger figure is better (throughput) or worse (latency)
 * @param reference the reference side (raw jnats, or tracing off)
 * @param candidate the starter side (or tracing on)
 * @param target the ratio the candidate should reach
 */
record Comparison(String name, String unit, boolean higherIsBetter, Stats reference, Stats candidate,
		double target) {

	/** candidate / reference for throughput; reference / candidate for latency: above 1 = candidate better. */
	double ratio() {
		return this.higherIsBetter ? this.candidate.median() / this.reference.median()
				: this.reference.median() / this.candidate.median();
	}

	boolean meetsTarget() {
		return ratio() >= this.target;
	}

}
