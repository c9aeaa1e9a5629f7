package io.windshift.observation;

import java.time.Duration;
import java.util.List;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.windshift.events.OutgoingEvent;
import io.windshift.events.PublishedEvent;
import io.windshift.events.UnboundSubjectException;
import io.windshift.events.WindshiftTemplate;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Publish observations against a real server, with an OpenTelemetry SDK exporting into
 * memory: span names and attributes, trace context in the stored headers, parents,
 * failures, and the off switches.
 */
class PublishTracingTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create();

	private static JetStreamManagement jsm;

	@BeforeAll
	static void start() throws Exception {
		jsm = nats.connection().jetStreamManagement();
		jsm.addStream(StreamConfiguration.builder()
			.name("orders")
			.subjects("orders.>")
			.storageType(StorageType.Memory)
			.build());
	}

	private static OrderCreated order(String id) {
		return OrderCreated.newBuilder().setOrderId(id).setCustomer("acme").setAmountCents(1234).build();
	}

	private static WindshiftTemplate template(ObservationRegistry registry, boolean standardHeaders) {
		return WindshiftTemplate.builder(nats.connection())
			.timeout(Duration.ofSeconds(5))
			.observations(new PublishObservations(registry, null, new TraceHeaders(standardHeaders)))
			.build();
	}

	private static Headers storedHeaders(PublishedEvent event) throws Exception {
		MessageInfo info = jsm.getMessage(event.stream(), event.id());
		return info.getHeaders();
	}

	@Test
	void publishSpanFollowsMessagingConventionsAndItsContextIsInTheStoredHeaders() throws Exception {
		try (TestTracing tracing = new TestTracing();
				WindshiftTemplate template = template(tracing.registry(), false)) {
			PublishedEvent published = template
				.publish(OutgoingEvent.builder("orders.created", order("1")).idempotencyKey("span-1").build());
			assertThat(tracing.spans()).hasSize(1);
			SpanData span = tracing.spans().get(0);
			assertThat(span.getName()).isEqualTo("publish orders.created");
			assertThat(span.getKind()).isEqualTo(SpanKind.PRODUCER);
			assertThat(span.getAttributes().get(AttributeKey.stringKey("messaging.system"))).isEqualTo("nats");
			assertThat(span.getAttributes().get(AttributeKey.stringKey("messaging.operation.type"))).isEqualTo("send");
			assertThat(span.getAttributes().get(AttributeKey.stringKey("messaging.destination.name")))
				.isEqualTo("orders.created");
			assertThat(span.getAttributes().get(AttributeKey.stringKey("messaging.message.id")))
				.isEqualTo(Long.toString(published.id()));
			assertThat(span.getAttributes().get(AttributeKey.stringKey("windshift.stream"))).isEqualTo("orders");
			assertThat(span.getAttributes().get(AttributeKey.stringKey("windshift.outcome"))).isEqualTo("stored");
			assertThat(span.getAttributes().get(AttributeKey.stringKey("windshift.data.type")))
				.isEqualTo("windshift.test.v1.OrderCreated");
			Headers headers = storedHeaders(published);
			// sampled; newer OpenTelemetry SDKs also set the random trace id flag (03)
			assertThat(headers.getFirst("WS-Trace-Parent"))
				.matches("00-" + span.getTraceId() + "-" + span.getSpanId() + "-0[13]");
			assertThat(headers.containsKey("traceparent")).isFalse();
			assertThat(tracing.meters()
				.get("windshift.publish")
				.tag("windshift.stream", "orders")
				.tag("windshift.outcome", "stored")
				.timer()
				.count()).isEqualTo(1);
		}
	}

	@Test
	void publishInsideASpanContinuesItsTrace() throws Exception {
		try (TestTracing tracing = new TestTracing();
				WindshiftTemplate template = template(tracing.registry(), false)) {
			Tracer tracer = tracing.tracer();
			Span parent = tracer.nextSpan().name("request").start();
			PublishedEvent published;
			try (Tracer.SpanInScope scope = tracer.withSpan(parent)) {
				published = template.publish("orders.created", order("2"));
			}
			finally {
				parent.end();
			}
			SpanData span = tracing.spans()
				.stream()
				.filter((s) -> s.getName().startsWith("publish"))
				.findFirst()
				.orElseThrow();
			assertThat(span.getTraceId()).isEqualTo(parent.context().traceId());
			assertThat(span.getParentSpanId()).isEqualTo(parent.context().spanId());
			assertThat(storedHeaders(published).getFirst("WS-Trace-Parent")).contains(parent.context().traceId());
		}
	}

	@Test
	void writesStandardHeadersTooWhenAsked() throws Exception {
		try (TestTracing tracing = new TestTracing(); WindshiftTemplate template = template(tracing.registry(), true)) {
			Headers headers = storedHeaders(template.publish("orders.created", order("3")));
			assertThat(headers.getFirst("traceparent")).isNotNull().isEqualTo(headers.getFirst("WS-Trace-Parent"));
		}
	}

	@Test
	void asyncPublishEndsItsSpanBeforeTheFutureCompletes() throws Exception {
		try (TestTracing tracing = new TestTracing();
				WindshiftTemplate template = template(tracing.registry(), false)) {
			List<PublishedEvent> published = List.of(template.publishAsync("orders.created", order("4")).get(),
					template.publishAsync("orders.created", order("5")).get());
			assertThat(tracing.spans()).hasSize(2).allSatisfy((span) -> {
				assertThat(span.getKind()).isEqualTo(SpanKind.PRODUCER);
				assertThat(span.getAttributes().get(AttributeKey.stringKey("windshift.outcome"))).isEqualTo("stored");
			});
			for (PublishedEvent event : published) {
				assertThat(storedHeaders(event).getFirst("WS-Trace-Parent")).isNotNull();
			}
		}
	}

	@Test
	void failedPublishEndsItsSpanWithTheError() {
		try (TestTracing tracing = new TestTracing();
				WindshiftTemplate template = template(tracing.registry(), false)) {
			assertThatExceptionOfType(UnboundSubjectException.class)
				.isThrownBy(() -> template.publish("nowhere.created", order("6")));
			assertThatExceptionOfType(Exception.class)
				.isThrownBy(() -> template.publishAsync("nowhere.created", order("7")).get());
			await().untilAsserted(() -> assertThat(tracing.spans()).hasSize(2));
			assertThat(tracing.spans()).allSatisfy((span) -> {
				assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
				assertThat(span.getAttributes().get(AttributeKey.stringKey("windshift.outcome"))).isEqualTo("error");
			});
			assertThat(tracing.meters().get("windshift.publish").tag("windshift.outcome", "error").timer().count())
				.isEqualTo(2);
		}
	}

	@Test
	void noopRegistryAddsNoHeaders() throws Exception {
		try (WindshiftTemplate template = template(ObservationRegistry.NOOP, true)) {
			Headers headers = storedHeaders(template.publish("orders.created", order("8")));
			assertThat(headers.containsKey("WS-Trace-Parent")).isFalse();
			assertThat(headers.containsKey("traceparent")).isFalse();
		}
	}

}
