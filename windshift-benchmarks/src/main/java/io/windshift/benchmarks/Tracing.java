package io.windshift.benchmarks;

import io.micrometer.observation.ObservationRegistry;
import java.util.stream.Collectors;

import io.micrometer.tracing.Tracer;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.windshift.events.PublishedEvent;

/**
 * Whether the starter's observation support is on the classpath, and what the traced
 * context uses.
 */
final class Tracing {

	private Tracing() {
	}

	/**
	 * Whether the starter instruments publishing and listening (its observation package
	 * exists).
	 */
	static boolean instrumented() {
		return Tracing.class.getClassLoader().getResource("io/windshift/observation/package-info.class") != null;
	}

	/** Whether an event published through this side carries a trace parent header. */
	static boolean writesTraceParent(StarterSide side, String subject) throws Exception {
		PublishedEvent published = side.publishOne(subject);
		MessageInfo stored = side.connection().jetStreamManagement().getMessage(published.stream(), published.id());
		Headers headers = stored.getHeaders();
		return headers != null && headers.containsKey("WS-Trace-Parent");
	}

	static void describe(StarterSide traced, StarterSide untraced, String subject, Report report) throws Exception {
		String tracer = traced.context()
			.getBeanProvider(Tracer.class)
			.stream()
			.map((t) -> t.getClass().getName())
			.findFirst()
			.orElse("none");
		boolean registry = traced.context().getBeanProvider(ObservationRegistry.class).getIfAvailable() != null;
		String exporters = traced.context()
			.getBeanProvider(SpanExporter.class)
			.stream()
			.map((e) -> e.getClass().getSimpleName())
			.collect(Collectors.joining(", "));
		String processors = traced.context()
			.getBeanProvider(SpanProcessor.class)
			.stream()
			.map((p) -> p.getClass().getSimpleName())
			.collect(Collectors.joining(", "));
		report.notes.add("Tracing on: sampling probability 1.0 (and 0.1, Spring Boot's default, for async publish), "
				+ "tracer " + tracer + ", observation registry " + (registry ? "present" : "absent")
				+ ", span processors [" + processors + "], span exporters [" + exporters
				+ "] (none on the class path: ended spans go to the processors and are dropped). "
				+ "Tracing off: windshift.observation.publish.enabled=false, "
				+ "windshift.observation.listener.enabled=false, "
				+ "management.tracing.export.enabled=false. Trace parent header written: tracing on "
				+ (writesTraceParent(traced, subject) ? "yes" : "NO") + ", tracing off "
				+ (writesTraceParent(untraced, subject) ? "yes" : "no") + ".");
	}

}
