package io.windshift.autoconfigure;

import java.util.List;

import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.windshift.events.Event;
import io.windshift.listener.ListenerObserver;
import io.windshift.observation.TraceHeaders;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Traces every invocation of a batch listener with one span, {@code process <stream>}
 * (kind consumer), that starts a trace of its own and links to the trace of each event of
 * the batch (from its {@code WS-Trace-Parent}), rather than being the child of one
 * arbitrary event. The span is current while the method runs, so that what it publishes
 * (forwarded events included) continues it; it ends when the method returns or throws.
 * Single-event invocations are left to {@code ObservingListenerObserver}.
 */
public class BatchTracingListenerObserver implements ListenerObserver {

	private final ObjectProvider<Tracer> tracer;

	public BatchTracingListenerObserver(ObjectProvider<Tracer> tracer) {
		this.tracer = tracer;
	}

	@Override
	public void invokeBatch(String listenerId, List<? extends Event<?>> events, Invocation invocation)
			throws Throwable {
		Tracer tracer = this.tracer.getIfUnique();
		if (tracer == null || tracer == Tracer.NOOP || events.isEmpty()) {
			invocation.proceed();
			return;
		}
		Event<?> first = events.get(0);
		Span.Builder builder = tracer.spanBuilder()
			.setNoParent()
			.name("process " + first.stream())
			.kind(Span.Kind.CONSUMER)
			.tag("messaging.system", "nats")
			.tag("messaging.operation.type", "process")
			.tag("messaging.operation.name", "process")
			.tag("messaging.batch.message_count", events.size())
			.tag("windshift.stream", first.stream())
			.tag("messaging.consumer.group.name", first.consumer())
			.tag("windshift.listener.id", listenerId);
		for (Event<?> event : events) {
			TraceContext context = parent(tracer, TraceHeaders.get(event.headers(), TraceHeaders.WS_TRACE_PARENT));
			if (context != null) {
				builder.addLink(new Link(context));
			}
		}
		Span span = builder.start();
		try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
			invocation.proceed();
		}
		catch (Throwable ex) {
			span.error(ex);
			throw ex;
		}
		finally {
			span.end();
		}
	}

	/**
	 * The context of a W3C {@code traceparent} value
	 * ({@code 00-<trace id>-<span id>-<flags>}), if it is one.
	 */
	static @Nullable TraceContext parent(Tracer tracer, @Nullable String traceParent) {
		if (traceParent == null) {
			return null;
		}
		String[] parts = traceParent.trim().split("-");
		if (parts.length < 4 || parts[1].length() != 32 || parts[2].length() != 16 || parts[3].length() != 2
				|| !hex(parts[1]) || !hex(parts[2]) || !hex(parts[3])) {
			return null;
		}
		boolean sampled = (Integer.parseInt(parts[3], 16) & 1) == 1;
		return tracer.traceContextBuilder().traceId(parts[1]).spanId(parts[2]).sampled(sampled).build();
	}

	private static boolean hex(String value) {
		for (int i = 0; i < value.length(); i++) {
			if (Character.digit(value.charAt(i), 16) < 0) {
				return false;
			}
		}
		return true;
	}

}
