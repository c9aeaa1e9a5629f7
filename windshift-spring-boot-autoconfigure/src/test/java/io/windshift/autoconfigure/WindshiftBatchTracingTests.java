package io.windshift.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.windshift.events.OutgoingEvent;
import io.windshift.events.WindshiftTemplate;
import io.windshift.listener.WindshiftListener;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;
import io.windshift.test.proto.OrderShipped;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tracing of batches and forwarding through Spring Boot's OpenTelemetry set-up: one span
 * per batch linked to the trace of each of its events (not the child of one of them), and
 * forwarded events that continue the trace of their source (single events) or of the
 * batch span.
 */
class WindshiftBatchTracingTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create();

	@BeforeAll
	static void start() throws Exception {
		for (String name : List.of("batched", "fwdtraced")) {
			nats.connection()
				.jetStreamManagement()
				.addStream(StreamConfiguration.builder()
					.name(name)
					.subjects(name + ".>")
					.storageType(StorageType.Memory)
					.build());
		}
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
					MicrometerTracingAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class,
					OpenTelemetryTracingAutoConfiguration.class, WindshiftConnectionAutoConfiguration.class,
					WindshiftAdminAutoConfiguration.class, WindshiftTemplateAutoConfiguration.class,
					WindshiftListenerAutoConfiguration.class, WindshiftObservationAutoConfiguration.class))
			.withBean(InMemorySpanExporter.class, InMemorySpanExporter::create)
			.withPropertyValues("windshift.nats.servers=" + nats.url(), "management.tracing.sampling.probability=1.0",
					"management.opentelemetry.tracing.export.schedule-delay=20ms",
					"windshift.listener.consume-from=start", "windshift.listener.poll-timeout=1200ms",
					"windshift.listener.shutdown-timeout=2s");
	}

	private static String attribute(SpanData span, String key) {
		return span.getAttributes().get(AttributeKey.stringKey(key));
	}

	private static List<SpanData> batchSpans(List<SpanData> spans) {
		return spans.stream()
			.filter((span) -> span.getKind() == SpanKind.CONSUMER
					&& "batcher".equals(attribute(span, "windshift.listener.id")))
			.toList();
	}

	private static List<SpanData> named(List<SpanData> spans, String name) {
		return spans.stream().filter((span) -> span.getName().equals(name)).toList();
	}

	@Test
	void aBatchHasOneSpanLinkedToTheTraceOfEachOfItsEvents() {
		runner().withUserConfiguration(BatchListeners.class).run((context) -> {
			InMemorySpanExporter exporter = context.getBean(InMemorySpanExporter.class);
			Tracer tracer = context.getBean(Tracer.class);
			WindshiftTemplate template = context.getBean(WindshiftTemplate.class);
			for (int i = 0; i < 3; i++) {
				Span root = tracer.nextSpan().name("request-" + i).start();
				try (Tracer.SpanInScope scope = tracer.withSpan(root)) {
					template.publish("batched.created", OrderCreated.newBuilder().setOrderId("b" + i).build());
				}
				finally {
					root.end();
				}
			}
			// the batch's span ends once its forwards are confirmed and its events acked
			await().atMost(Duration.ofSeconds(15))
				.until(() -> named(exporter.getFinishedSpanItems(), "publish batched.shipped").size() == 3
						&& !batchSpans(exporter.getFinishedSpanItems()).isEmpty());
			List<SpanData> spans = exporter.getFinishedSpanItems();
			List<SpanData> batches = batchSpans(spans);
			assertThat(batches).hasSize(1);
			SpanData batch = batches.get(0);
			List<SpanData> publishes = named(spans, "publish batched.created");
			assertThat(publishes).hasSize(3);
			assertThat(batch.getName()).isEqualTo("process batched");
			assertThat(batch.getAttributes().get(AttributeKey.longKey("messaging.batch.message_count"))).isEqualTo(3);
			assertThat(batch.getParentSpanContext().isValid()).isFalse();
			assertThat(batch.getLinks()).extracting((LinkData link) -> link.getSpanContext().getSpanId())
				.containsExactlyInAnyOrderElementsOf(publishes.stream().map(SpanData::getSpanId).toList());
			assertThat(batch.getLinks()).extracting((LinkData link) -> link.getSpanContext().getTraceId())
				.containsExactlyInAnyOrderElementsOf(publishes.stream().map(SpanData::getTraceId).toList());
			assertThat(publishes).extracting(SpanData::getTraceId).doesNotContain(batch.getTraceId());
			// what the batch forwards continues the batch's span
			assertThat(named(spans, "publish batched.shipped")).allSatisfy((forwarded) -> {
				assertThat(forwarded.getTraceId()).isEqualTo(batch.getTraceId());
				assertThat(forwarded.getParentSpanId()).isEqualTo(batch.getSpanId());
			});
		});
	}

	@Test
	void aForwardedEventContinuesTheTraceOfItsSource() {
		runner().withUserConfiguration(ForwardingListener.class).run((context) -> {
			InMemorySpanExporter exporter = context.getBean(InMemorySpanExporter.class);
			context.getBean(WindshiftTemplate.class)
				.publish("fwdtraced.created", OrderCreated.newBuilder().setOrderId("f").build());
			await().atMost(Duration.ofSeconds(15))
				.until(() -> exporter.getFinishedSpanItems()
					.stream()
					.anyMatch((span) -> span.getKind() == SpanKind.CONSUMER));
			await().atMost(Duration.ofSeconds(5))
				.until(() -> named(exporter.getFinishedSpanItems(), "publish fwdtraced.shipped").size() == 1);
			List<SpanData> spans = exporter.getFinishedSpanItems();
			SpanData source = named(spans, "publish fwdtraced.created").get(0);
			SpanData process = spans.stream()
				.filter((span) -> span.getKind() == SpanKind.CONSUMER)
				.findFirst()
				.orElseThrow();
			SpanData forwarded = named(spans, "publish fwdtraced.shipped").get(0);
			assertThat(List.of(process, forwarded))
				.allSatisfy((span) -> assertThat(span.getTraceId()).isEqualTo(source.getTraceId()));
			assertThat(forwarded.getParentSpanId()).isEqualTo(process.getSpanId());
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class BatchListeners {

		@WindshiftListener(id = "batcher", stream = "batched", consumer = "batcher", subjects = "batched.created",
				maxBatchSize = "10", maxBatchWait = "1500ms")
		List<OutgoingEvent> on(List<OrderCreated> batch) {
			return batch.stream()
				.map((order) -> OutgoingEvent.of("batched.shipped",
						OrderShipped.newBuilder().setOrderId(order.getOrderId()).build()))
				.toList();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ForwardingListener {

		@WindshiftListener(id = "forwarder", stream = "fwdtraced", consumer = "forwarder",
				subjects = "fwdtraced.created")
		OutgoingEvent on(OrderCreated order) {
			return OutgoingEvent.of("fwdtraced.shipped",
					OrderShipped.newBuilder().setOrderId(order.getOrderId()).build());
		}

	}

}
