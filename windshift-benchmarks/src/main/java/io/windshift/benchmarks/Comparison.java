package io.windshift.benchmarks;

/**
 * One pair measured side by side: the starter against raw jnats (or tracing on against
 * off).
 *
 * @param name what was measured
 * @param unit the unit of the figures
 * @param higherIsBetter whether a larger figure is better (throughput) or worse (latency)
 * @param referenceLabel what the reference side is (raw jnats, or tracing off)
 * @param reference the reference side's figures
 * @param candidateLabel what the candidate side is (the starter, or tracing on)
 * @param candidate the candidate side's figures
 * @param target the ratio the candidate should reach, 0 for none
 */
record Comparison(String name, String unit, boolean higherIsBetter, String referenceLabel, Stats reference,
		String candidateLabel, Stats candidate, double target) {

	/**
	 * candidate / reference for throughput; reference / candidate for latency: above 1 =
	 * candidate better.
	 */
	double ratio() {
		return this.higherIsBetter ? this.candidate.median() / this.reference.median()
				: this.reference.median() / this.candidate.median();
	}

	boolean hasTarget() {
		return this.target > 0;
	}

	boolean meetsTarget() {
		return !hasTarget() || ratio() >= this.target;
	}

}
