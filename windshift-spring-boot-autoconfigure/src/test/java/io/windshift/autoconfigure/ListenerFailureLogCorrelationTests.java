package io.windshift.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.windshift.events.Event;
import io.windshift.events.WireHeaders;
import io.windshift.listener.AckMode;
import io.windshift.listener.ObservingListenerObserver;
import io.windshift.listener.WindshiftHandler;
import io.windshift.listener.WindshiftListener;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryEventPublisherBeansApplicationListener;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every log line about a listener failure (a retry, a give-up with its dead letter, a
 * poison event, an unhandled type, a MANUAL listener's unsettled event) carries the trace
 * and span ids of the event's trace in the MDC, through Spring Boot's own log
 * correlation: the span is the event's listener span, a child of the publisher's.
 */
class ListenerFailureLogCorrelationTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create();

	private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String PARENT = "00f067aa0ba902b7";

	private final Capture capture = new Capture();

	private final Logger handlerLogger = (Logger) LoggerFactory.getLogger("io.windshift.listener.ListenerEventHandler");

	@BeforeAll
	static void stream() throws Exception {
		OpenTelemetryEventPublisherBeansApplicationListener.addWrapper();
		nats.connection()
			.jetStreamManagement()
			.addStream(StreamConfiguration.builder()
				.name("corr")
				.subjects("corr.>")
				.storageType(StorageType.Memory)
				.build());
	}

	@BeforeEach
	void attach() {
		this.capture.setContext(this.handlerLogger.getLoggerContext());
		this.capture.start();
		this.handlerLogger.addAppender(this.capture);
	}

	@AfterEach
	void detach() {
		this.handlerLogger.detachAppender(this.capture);
		this.capture.stop();
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
					MicrometerTracingAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class,
					OpenTelemetryTracingAutoConfiguration.class, WindshiftConnectionAutoConfiguration.class,
					WindshiftAdminAutoConfiguration.class, WindshiftTemplateAutoConfiguration.class,
					WindshiftListenerAutoConfiguration.class, WindshiftObservationAutoConfiguration.class))
			.withBean(InMemorySpanExporter.class, InMemorySpanExporter::create)
			.withUserConfiguration(FailingListeners.class, UnhandledTypes.class)
			// what SpringApplication registers from spring.factories: Boot's log
			// correlation (trace and span ids in the MDC) for OpenTelemetry
			.withInitializer((context) -> context
				.addApplicationListener(new OpenTelemetryEventPublisherBeansApplicationListener()))
			.withPropertyValues("windshift.nats.servers=" + nats.url(), "management.tracing.sampling.probability=1.0",
					"management.opentelemetry.tracing.export.schedule-delay=20ms",
					"windshift.listener.consume-from=start", "windshift.listener.poll-timeout=1200ms",
					"windshift.listener.shutdown-timeout=2s", "windshift.listener.reject.initial-delay=20ms",
					"windshift.listener.reject.max-delay=20ms");
	}

	@Test
	void failureLinesCarryTheTraceAndSpanOfTheEvent() {
		runner().run((context) -> {
			publish("corr.retry", "windshift.test.v1.OrderCreated", OrderCreated.getDefaultInstance().toByteArray());
			publish("corr.dead", "windshift.test.v1.OrderCreated", OrderCreated.getDefaultInstance().toByteArray());
			publish("corr.manual", "windshift.test.v1.OrderCreated", OrderCreated.getDefaultInstance().toByteArray());
			publish("corr.poison", "windshift.test.v1.OrderCreated", new byte[] { (byte) 0xff, (byte) 0xff });
			publish("corr.unhandled", "windshift.test.v1.NoSuchType", new byte[] { 1 });
			InMemorySpanExporter exporter = context.getBean(InMemorySpanExporter.class);
			await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
				assertThat(this.capture.lines("redelivering after")).hasSize(1);
				assertThat(this.capture.lines("'corr-dead' gives up")).hasSize(1);
				assertThat(this.capture.lines("returned without settling")).hasSize(1);
				assertThat(this.capture.lines("'corr-manual' gives up")).hasSize(1);
				assertThat(this.capture.lines("Poison event")).hasSize(1);
				assertThat(this.capture.lines("has no handler for type")).hasSize(1);
				assertThat(context.getBean(ObservingListenerObserver.class).inProgress()).isZero();
			});
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				List<String> spanIds = exporter.getFinishedSpanItems()
					.stream()
					.filter((span) -> span.getKind() == SpanKind.CONSUMER && span.getTraceId().equals(TRACE)
							&& span.getParentSpanId().equals(PARENT))
					.map(SpanData::getSpanId)
					.toList();
				// retry: two attempts; dead, manual, poison, unhandled: one each
				assertThat(spanIds).hasSize(6);
				assertThat(this.capture.lines).isNotEmpty().allSatisfy((line) -> {
					assertThat(line.mdc()).as(line.message()).containsEntry("traceId", TRACE);
					assertThat(spanIds).as(line.message()).contains(line.mdc().get("spanId"));
				});
			});
		});
	}

	private static void publish(String subject, String type, byte[] payload) throws Exception {
		Headers headers = new Headers();
		headers.put(WireHeaders.DATA_TYPE, type);
		headers.put(WireHeaders.PUBLISHED_TIME, "2026-11-27T21:00:00.123456789+01:00");
		headers.put("WS-Trace-Parent", "00-" + TRACE + "-" + PARENT + "-01");
		nats.connection().jetStream().publish(subject, headers, payload);
	}

	/** A log line with the MDC as it was when the line was logged. */
	record Line(String message, Map<String, String> mdc) {

	}

	/**
	 * Captures the handler's log lines about this test's listeners with their MDC, on the
	 * logging thread.
	 */
	static final class Capture extends AppenderBase<ILoggingEvent> {

		final List<Line> lines = new CopyOnWriteArrayList<>();

		@Override
		protected void append(ILoggingEvent event) {
			String message = event.getFormattedMessage();
			// only this test's listeners: other test classes may run in the same JVM
			if (message.contains("'corr-")) {
				this.lines.add(new Line(message, Map.copyOf(event.getMDCPropertyMap())));
			}
		}

		List<Line> lines(String text) {
			return this.lines.stream().filter((line) -> line.message().contains(text)).toList();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FailingListeners {

		@WindshiftListener(id = "corr-retry", stream = "corr", consumer = "corr-retry", subjects = "corr.retry")
		void retry(Event<OrderCreated> event) {
			if (event.deliveryAttempt() == 1) {
				throw new IllegalStateException("first attempt fails");
			}
		}

		@WindshiftListener(id = "corr-dead", stream = "corr", consumer = "corr-dead", subjects = "corr.dead",
				deadLetterSubject = "corr.dlq", maxDeliveryAttempts = "1")
		void dead(OrderCreated order) {
			throw new IllegalStateException("never works");
		}

		@WindshiftListener(id = "corr-manual", stream = "corr", consumer = "corr-manual", subjects = "corr.manual",
				ackMode = AckMode.MANUAL, maxDeliveryAttempts = "1", deadLetterSubject = "corr.dlq")
		void manual(Event<OrderCreated> event) {
		}

		@WindshiftListener(id = "corr-poison", stream = "corr", consumer = "corr-poison", subjects = "corr.poison",
				deadLetterSubject = "corr.dlq")
		void poison(OrderCreated order) {
		}

	}

	@WindshiftListener(id = "corr-unhandled", stream = "corr", consumer = "corr-unhandled", subjects = "corr.unhandled",
			deadLetterSubject = "corr.dlq")
	static class UnhandledTypes {

		@WindshiftHandler
		void created(OrderCreated order) {
		}

	}

}
