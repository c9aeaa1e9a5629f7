package io.windshift.observation;

import java.time.Duration;
import java.util.List;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.nats.client.impl.Headers;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.windshift.admin.WindshiftAdmin;
import io.windshift.events.AtomicBatchException;
import io.windshift.events.OutgoingEvent;
import io.windshift.events.PublishedEvent;
import io.windshift.events.WindshiftTemplate;
import io.windshift.streams.StorageType;
import io.windshift.streams.StreamDefinition;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Atomic batch observations against a real 2.12+ server, with an OpenTelemetry SDK
 * exporting into memory: one span and one timer sample per batch (sync and async), with
 * the stream and the batch size, its trace context in every stored event, and failures.
 */
class AtomicBatchObservationTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create();

	@BeforeAll
	static void start() {
		new WindshiftAdmin(nats.connection()).ensureStream(StreamDefinition.builder("batches")
			.subjects("batches.>")
			.storage(StorageType.MEMORY)
			.allowAtomicPublish(true)
			.build());
	}

	private static WindshiftTemplate template(ObservationRegistry registry) {
		return WindshiftTemplate.builder(nats.connection())
			.timeout(Duration.ofSeconds(5))
			.observations(new PublishObservations(registry, null, new TraceHeaders(false)))
			.build();
	}

	private static List<OutgoingEvent> batch(String... ids) {
		return java.util.Arrays.stream(ids)
			.map((id) -> OutgoingEvent.of("batches." + id, OrderCreated.newBuilder().setOrderId(id).build()))
			.toList();
	}

	private static Headers storedHeaders(PublishedEvent event) throws Exception {
		return nats.connection().jetStreamManagement().getMessage(event.stream(), event.id()).getHeaders();
	}

	private static String attribute(SpanData span, String key) {
		return span.getAttributes().get(AttributeKey.stringKey(key));
	}

	@Test
	void oneSpanPerBatchWithStreamAndSizeAndItsContextInEveryStoredEvent() throws Exception {
		try (TestTracing tracing = new TestTracing(); WindshiftTemplate template = template(tracing.registry())) {
			List<PublishedEvent> published = template.publishAtomically(batch("a1", "a2", "a3"));
			assertThat(tracing.spans()).hasSize(1);
			SpanData span = tracing.spans().get(0);
			assertThat(span.getName()).isEqualTo("publish batches");
			assertThat(span.getKind()).isEqualTo(SpanKind.PRODUCER);
			assertThat(attribute(span, "messaging.system")).isEqualTo("nats");
			assertThat(attribute(span, "messaging.operation.type")).isEqualTo("send");
			assertThat(attribute(span, "windshift.stream")).isEqualTo("batches");
			assertThat(attribute(span, "windshift.outcome")).isEqualTo("stored");
			assertThat(attribute(span, "messaging.batch.message_count")).isEqualTo("3");
			assertThat(attribute(span, "windshift.batch.first_id")).isEqualTo(Long.toString(published.get(0).id()));
			assertThat(attribute(span, "windshift.batch.last_id")).isEqualTo(Long.toString(published.get(2).id()));
			for (PublishedEvent event : published) {
				assertThat(storedHeaders(event).getFirst("WS-Trace-Parent"))
					.matches("00-" + span.getTraceId() + "-" + span.getSpanId() + "-0[13]");
			}
			assertThat(tracing.meters()
				.get("windshift.publish.batch")
				.tag("windshift.stream", "batches")
				.tag("windshift.outcome", "stored")
				.timer()
				.count()).isEqualTo(1);
			// a batch is not also observed as single publishes
			assertThat(tracing.meters().find("windshift.publish").timer()).isNull();
		}
	}

	@Test
	void asyncBatchInsideASpanContinuesItsTraceAndEndsBeforeTheFutureCompletes() throws Exception {
		try (TestTracing tracing = new TestTracing(); WindshiftTemplate template = template(tracing.registry())) {
			Tracer tracer = tracing.tracer();
			Span parent = tracer.nextSpan().name("request").start();
			List<PublishedEvent> published;
			try (Tracer.SpanInScope scope = tracer.withSpan(parent)) {
				published = template.publishAtomicallyAsync(batch("b1", "b2")).get();
			}
			finally {
				parent.end();
			}
			SpanData span = tracing.spans()
				.stream()
				.filter((s) -> s.getName().equals("publish batches"))
				.findFirst()
				.orElseThrow();
			assertThat(span.getTraceId()).isEqualTo(parent.context().traceId());
			assertThat(span.getParentSpanId()).isEqualTo(parent.context().spanId());
			assertThat(attribute(span, "messaging.batch.message_count")).isEqualTo("2");
			assertThat(storedHeaders(published.get(1)).getFirst("WS-Trace-Parent")).contains(span.getSpanId());
		}
	}

	@Test
	void refusedBatchEndsItsSpanWithTheError() {
		try (TestTracing tracing = new TestTracing(); WindshiftTemplate template = template(tracing.registry())) {
			List<OutgoingEvent> wrongSequence = List.of(
					OutgoingEvent.of("batches.c1", OrderCreated.getDefaultInstance()),
					OutgoingEvent.builder("batches.c2", OrderCreated.getDefaultInstance())
						.expectedLastSubjectId(99)
						.build());
			assertThatExceptionOfType(AtomicBatchException.class)
				.isThrownBy(() -> template.publishAtomically(wrongSequence));
			assertThatExceptionOfType(Exception.class)
				.isThrownBy(() -> template.publishAtomicallyAsync(wrongSequence).get());
			await().untilAsserted(() -> assertThat(tracing.spans()).hasSize(2));
			assertThat(tracing.spans()).allSatisfy((span) -> {
				assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
				assertThat(attribute(span, "windshift.outcome")).isEqualTo("error");
				assertThat(attribute(span, "messaging.batch.message_count")).isEqualTo("2");
				assertThat(attribute(span, "windshift.batch.first_id")).isNull();
			});
			assertThat(
					tracing.meters().get("windshift.publish.batch").tag("windshift.outcome", "error").timer().count())
				.isEqualTo(2);
		}
	}

	@Test
	void noopRegistryAddsNoHeaders() throws Exception {
		try (WindshiftTemplate template = template(ObservationRegistry.NOOP)) {
			List<PublishedEvent> published = template.publishAtomically(batch("d1", "d2"));
			assertThat(storedHeaders(published.get(0)).containsKey("WS-Trace-Parent")).isFalse();
		}
	}

}
