package io.windshift.benchmarks;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;

/** Whether the starter's observation support is on the classpath, and what the traced context uses. */
final class Tracing {

	private Tracing() {
	}

	/** Whether the starter instruments publishing and listening (its observation package exists). */
	static boolean instrumented() {
		return Tracing.class.getClassLoader().getResource("io/windshift/observation/package-info.class") != null;
	}

	static void describe(StarterSide traced, Report report) {
		String tracer = traced.context()
			.getBeanProvider(Tracer.class)
			.stream()
			.map((t) -> t.getClass().getName())
			.findFirst()
			.orElse("none");
		boolean registry = traced.context().getBeanProvider(ObservationRegistry.class).getIfAvailable() != null;
		report.notes.add("Tracing on: sampling probability 1.0, tracer " + tracer + ", observation registry "
				+ (registry ? "present" : "absent") + "; no span exporter (spans are created, ended and dropped). "
				+ "Tracing off: management.tracing.enabled=false.");
	}

}
