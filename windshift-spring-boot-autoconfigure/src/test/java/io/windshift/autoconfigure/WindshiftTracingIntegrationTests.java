package io.windshift.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.windshift.events.Event;
import io.windshift.events.PublishedEvent;
import io.windshift.events.Reject;
import io.windshift.events.WindshiftTemplate;
import io.windshift.events.WireHeaders;
import io.windshift.listener.AckMode;
import io.windshift.listener.ObservingListenerObserver;
import io.windshift.listener.WindshiftListener;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;
import io.windshift.test.proto.OrderShipped;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tracing and metrics through Spring Boot's own auto-configuration (OpenTelemetry bridge,
 * no user code but an in-memory span exporter): one trace from a publish through a
 * listener, a publish inside it and a second listener; listener metrics after a known
 * workload; the off switches.
 */
class WindshiftTracingIntegrationTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create();

	@BeforeAll
	static void start() throws Exception {
		JetStreamManagement jsm = nats.connection().jetStreamManagement();
		for (String name : List.of("traced", "counted", "quiet", "ending", "interop")) {
			jsm.addStream(StreamConfiguration.builder()
				.name(name)
				.subjects(name + ".>")
				.storageType(StorageType.Memory)
				.build());
		}
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(ObservationAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
							OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
							MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
							SimpleMetricsExportAutoConfiguration.class, WindshiftConnectionAutoConfiguration.class,
							WindshiftAdminAutoConfiguration.class, WindshiftTemplateAutoConfiguration.class,
							WindshiftListenerAutoConfiguration.class, WindshiftObservationAutoConfiguration.class))
			.withBean(InMemorySpanExporter.class, InMemorySpanExporter::create)
			.withPropertyValues("windshift.nats.servers=" + nats.url(), "management.tracing.sampling.probability=1.0",
					"management.opentelemetry.tracing.export.schedule-delay=20ms",
					"windshift.listener.consume-from=start", "windshift.listener.poll-timeout=1200ms",
					"windshift.listener.consumer-check-interval=200ms", "windshift.listener.shutdown-timeout=2s",
					"windshift.listener.reject.initial-delay=20ms", "windshift.listener.reject.max-delay=20ms");
	}

	private static String attribute(SpanData span, String key) {
		return span.getAttributes().get(AttributeKey.stringKey(key));
	}

	private static SpanData process(List<SpanData> spans, String consumer) {
		return spans.stream()
			.filter((span) -> span.getKind() == SpanKind.CONSUMER
					&& consumer.equals(attribute(span, "messaging.consumer.group.name")))
			.findFirst()
			.orElseThrow();
	}

	private static SpanData named(List<SpanData> spans, String name) {
		return spans.stream().filter((span) -> span.getName().equals(name)).findFirst().orElseThrow();
	}

	@Test
	void oneTraceFollowsAnEventThroughTwoListenersAndAPublishBetweenThem() {
		runner().withUserConfiguration(RelayListeners.class).run((context) -> {
			InMemorySpanExporter exporter = context.getBean(InMemorySpanExporter.class);
			RelayListeners listeners = context.getBean(RelayListeners.class);
			Tracer tracer = context.getBean(Tracer.class);
			Span root = tracer.nextSpan().name("request").start();
			PublishedEvent first;
			try (Tracer.SpanInScope scope = tracer.withSpan(root)) {
				first = context.getBean(WindshiftTemplate.class)
					.publish("traced.created", OrderCreated.newBuilder().setOrderId("o-1").build());
			}
			finally {
				root.end();
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> listeners.shipped.size() == 1);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> exporter.getFinishedSpanItems()
					.stream()
					.filter((s) -> s.getKind() == SpanKind.CONSUMER)
					.count() == 2);
			List<SpanData> spans = exporter.getFinishedSpanItems();
			SpanData publish1 = named(spans, "publish traced.created");
			SpanData process1 = process(spans, "relay");
			SpanData publish2 = named(spans, "publish traced.shipped");
			SpanData process2 = process(spans, "sink");
			String traceId = root.context().traceId();
			assertThat(List.of(publish1, process1, publish2, process2))
				.allSatisfy((span) -> assertThat(span.getTraceId()).isEqualTo(traceId));
			assertThat(publish1.getParentSpanId()).isEqualTo(root.context().spanId());
			assertThat(process1.getParentSpanId()).isEqualTo(publish1.getSpanId());
			assertThat(publish2.getParentSpanId()).isEqualTo(process1.getSpanId());
			assertThat(process2.getParentSpanId()).isEqualTo(publish2.getSpanId());
			assertThat(publish1.getKind()).isEqualTo(SpanKind.PRODUCER);
			assertThat(process1.getName()).isEqualTo("process traced");
			assertThat(attribute(process1, "messaging.system")).isEqualTo("nats");
			assertThat(attribute(process1, "messaging.operation.type")).isEqualTo("process");
			assertThat(attribute(process1, "messaging.destination.name")).isEqualTo("traced.created");
			assertThat(attribute(process1, "messaging.message.id")).isEqualTo(Long.toString(first.id()));
			assertThat(attribute(process1, "windshift.listener.id")).isEqualTo("relay");
			assertThat(attribute(process1, "windshift.outcome")).isEqualTo("ack");
			// the headers as they travelled, read raw
			Headers stored = nats.connection().jetStreamManagement().getMessage("traced", first.id()).getHeaders();
			// sampled; newer OpenTelemetry SDKs also set the random trace id flag (03)
			assertThat(stored.getFirst("WS-Trace-Parent"))
				.matches("00-" + traceId + "-" + publish1.getSpanId() + "-0[13]");
			assertThat(stored.containsKey("traceparent")).isFalse();
			Headers received = listeners.shipped.get(0).headers();
			assertThat(received.getFirst("WS-Trace-Parent"))
				.matches("00-" + traceId + "-" + publish2.getSpanId() + "-0[13]");
			assertThat(received.getFirst(WireHeaders.DATA_TYPE)).isEqualTo("windshift.test.v1.OrderShipped");
		});
	}

	@Test
	void metricsTellWhatHappenedToAKnownWorkload() {
		runner().withUserConfiguration(FlakyListener.class).run((context) -> {
			WindshiftTemplate template = context.getBean(WindshiftTemplate.class);
			for (int i = 0; i < 3; i++) {
				template.publish("counted.created", OrderCreated.newBuilder().setOrderId("c-" + i).build());
			}
			Headers poisonHeaders = new Headers();
			poisonHeaders.put(WireHeaders.DATA_TYPE, "windshift.test.v1.OrderCreated");
			poisonHeaders.put(WireHeaders.PUBLISHED_TIME, "2026-01-01T00:00:00Z");
			nats.connection()
				.jetStream()
				.publish("counted.created", poisonHeaders, new byte[] { (byte) 0xFF, (byte) 0xFF });
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
				assertThat(meters.get("windshift.listener")
					.tag("windshift.listener.id", "flaky")
					.tag("windshift.outcome", "ack")
					.timer()
					.count()).isEqualTo(3);
				assertThat(meters.get("windshift.listener")
					.tag("windshift.listener.id", "flaky")
					.tag("windshift.outcome", "reject")
					.timer()
					.count()).isEqualTo(3);
				assertThat(meters.get("windshift.listener.redeliveries")
					.tag("windshift.listener.id", "flaky")
					.functionCounter()
					.count()).isEqualTo(3);
				assertThat(meters.get("windshift.listener.poison")
					.tag("windshift.listener.id", "flaky")
					.functionCounter()
					.count()).isEqualTo(1);
				assertThat(meters.get("windshift.publish")
					.tag("windshift.stream", "counted")
					.tag("windshift.outcome", "stored")
					.timer()
					.count()).isEqualTo(3);
				assertThat(
						meters.get("windshift.consumer.pending").tag("windshift.listener.id", "flaky").gauge().value())
					.isZero();
				assertThat(meters.get("windshift.consumer.ack.pending")
					.tag("windshift.listener.id", "flaky")
					.gauge()
					.value()).isZero();
			});
			List<SpanData> rejected = context.getBean(InMemorySpanExporter.class)
				.getFinishedSpanItems()
				.stream()
				.filter((span) -> "reject".equals(attribute(span, "windshift.outcome")))
				.toList();
			assertThat(rejected).hasSize(3).allSatisfy((span) -> {
				assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
				assertThat(span.getEvents().stream().map((e) -> e.getName())).contains("exception");
			});
		});
	}

	@Test
	void eachDirectionCanBeSwitchedOff() {
		runner().withUserConfiguration(QuietListener.class)
			.withPropertyValues("windshift.observation.publish.enabled=false",
					"windshift.observation.listener.enabled=false")
			.run((context) -> {
				PublishedEvent published = context.getBean(WindshiftTemplate.class)
					.publish("quiet.created", OrderCreated.newBuilder().setOrderId("q").build());
				QuietListener listener = context.getBean(QuietListener.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.received.size() == 1);
				assertThat(nats.connection()
					.jetStreamManagement()
					.getMessage("quiet", published.id())
					.getHeaders()
					.containsKey("WS-Trace-Parent")).isFalse();
				assertThat(context.getBean(InMemorySpanExporter.class).getFinishedSpanItems()).isEmpty();
				assertThat(context).doesNotHaveBean(ObservingListenerObserver.class);
			});
	}

	@Test
	void listenerSpansEndHoweverTheEventEnds() {
		// without default dead letters, a permanent reject terminates the event
		runner().withUserConfiguration(EndingListeners.class)
			.withPropertyValues("windshift.listener.dead-letters.enabled=false")
			.run((context) -> {
				WindshiftTemplate template = context.getBean(WindshiftTemplate.class);
				template.publish("ending.unsettled", OrderCreated.getDefaultInstance());
				template.publish("ending.terminated", OrderCreated.getDefaultInstance());
				template.publish("ending.dead", OrderCreated.getDefaultInstance());
				InMemorySpanExporter exporter = context.getBean(InMemorySpanExporter.class);
				await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
					List<SpanData> spans = exporter.getFinishedSpanItems();
					assertThat(attribute(process(spans, "unsettled"), "windshift.outcome")).isEqualTo("unsettled");
					assertThat(attribute(process(spans, "terminated"), "windshift.outcome")).isEqualTo("terminate");
					assertThat(attribute(process(spans, "dead"), "windshift.outcome")).isEqualTo("dead-letter");
				});
				SpanData dead = process(exporter.getFinishedSpanItems(), "dead");
				assertThat(dead.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
				assertThat(context.getBean(ObservingListenerObserver.class).inProgress()).isZero();
			});
	}

	@Test
	void listenerSpansContinueTracesStartedByWindshiftGoOrByStandardHeaders() {
		runner().withUserConfiguration(GoListener.class).run((context) -> {
			String goTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
			String goSpan = "00f067aa0ba902b7";
			String otherTrace = "0af7651916cd43dd8448eb211c80319c";
			String otherSpan = "b7ad6b7169203331";
			publishRaw("interop.go", "WS-Trace-Parent", "00-" + goTrace + "-" + goSpan + "-01");
			publishRaw("interop.standard", "traceparent", "00-" + otherTrace + "-" + otherSpan + "-01");
			InMemorySpanExporter exporter = context.getBean(InMemorySpanExporter.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> exporter.getFinishedSpanItems()
					.stream()
					.filter((s) -> s.getKind() == SpanKind.CONSUMER)
					.count() == 2);
			List<SpanData> spans = exporter.getFinishedSpanItems();
			SpanData fromGo = spans.stream()
				.filter((span) -> "interop.go".equals(attribute(span, "messaging.destination.name")))
				.findFirst()
				.orElseThrow();
			assertThat(fromGo.getTraceId()).isEqualTo(goTrace);
			assertThat(fromGo.getParentSpanId()).isEqualTo(goSpan);
			SpanData fromStandard = spans.stream()
				.filter((span) -> "interop.standard".equals(attribute(span, "messaging.destination.name")))
				.findFirst()
				.orElseThrow();
			assertThat(fromStandard.getTraceId()).isEqualTo(otherTrace);
			assertThat(fromStandard.getParentSpanId()).isEqualTo(otherSpan);
		});
	}

	private static void publishRaw(String subject, String traceHeader, String traceParent) throws Exception {
		Headers headers = new Headers();
		headers.put(WireHeaders.DATA_TYPE, "windshift.test.v1.OrderCreated");
		headers.put(WireHeaders.PUBLISHED_TIME, "2026-11-27T21:00:00.123456789+01:00");
		headers.put(traceHeader, traceParent);
		nats.connection()
			.jetStream()
			.publish(subject, headers, OrderCreated.newBuilder().setOrderId("go").build().toByteArray());
	}

	@Configuration(proxyBeanMethods = false)
	static class RelayListeners {

		final List<Event<OrderShipped>> shipped = new CopyOnWriteArrayList<>();

		private final WindshiftTemplate template;

		RelayListeners(WindshiftTemplate template) {
			this.template = template;
		}

		@WindshiftListener(id = "relay", stream = "traced", consumer = "relay", subjects = "traced.created")
		void relay(OrderCreated order) {
			this.template.publish("traced.shipped", OrderShipped.newBuilder().setOrderId(order.getOrderId()).build());
		}

		@WindshiftListener(id = "sink", stream = "traced", consumer = "sink", subjects = "traced.shipped")
		void sink(Event<OrderShipped> event) {
			this.shipped.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FlakyListener {

		@WindshiftListener(id = "flaky", stream = "counted", consumer = "flaky")
		void on(Event<OrderCreated> event) {
			if (event.deliveryAttempt() == 1) {
				throw new IllegalStateException("first attempt fails");
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EndingListeners {

		@WindshiftListener(id = "unsettled", stream = "ending", consumer = "unsettled", subjects = "ending.unsettled",
				ackMode = AckMode.MANUAL, processingTimeout = "1m")
		void unsettled(Event<OrderCreated> event) {
		}

		@WindshiftListener(id = "terminated", stream = "ending", consumer = "terminated",
				subjects = "ending.terminated")
		void terminated(Event<OrderCreated> event) {
			event.reject(Reject.permanently());
		}

		@WindshiftListener(id = "dead", stream = "ending", consumer = "dead", subjects = "ending.dead",
				deadLetterSubject = "ending.dlq", maxDeliveryAttempts = "1")
		void dead(OrderCreated order) {
			throw new IllegalStateException("never works");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class GoListener {

		@WindshiftListener(id = "interop", stream = "interop", consumer = "interop")
		void on(OrderCreated order) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class QuietListener {

		final List<OrderCreated> received = new CopyOnWriteArrayList<>();

		@WindshiftListener(id = "quiet", stream = "quiet", consumer = "quiet")
		void on(OrderCreated order) {
			this.received.add(order);
		}

	}

}
