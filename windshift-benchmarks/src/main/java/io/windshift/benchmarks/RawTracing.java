package io.windshift.benchmarks;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStream;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.windshift.benchmarks.proto.Tick;
import org.jspecify.annotations.Nullable;

/**
 * The limit of tracing with the raw client: jnats with OpenTelemetry spans written by
 * hand, as little as a traced application needs. A producer span per publish (ended when
 * the server's ack arrives) whose W3C trace parent goes into the event's headers (under
 * {@code WS-Trace-Parent}, the header the starter writes); a consumer span per received
 * event, a child of the trace parent it carries, current while the event is decoded and
 * acked. Every span is sampled and goes to a {@link BatchSpanProcessor} without an
 * exporter, as on the starter's traced side.
 */
final class RawTracing implements AutoCloseable {

	private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");

	private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");

	private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");

	private static final AttributeKey<String> CONSUMER = AttributeKey.stringKey("messaging.consumer.group.name");

	private static final AttributeKey<Long> MESSAGE_ID = AttributeKey.longKey("messaging.message.id");

	private static final W3CTraceContextPropagator PROPAGATOR = W3CTraceContextPropagator.getInstance();

	private static final TextMapSetter<Headers> SETTER = (headers, key, value) -> {
		if (headers != null) {
			headers.put(name(key), value);
		}
	};

	private static final TextMapGetter<Headers> GETTER = new TextMapGetter<>() {

		@Override
		public Iterable<String> keys(Headers headers) {
			return headers.keySet();
		}

		@Override
		public @Nullable String get(@Nullable Headers headers, String key) {
			return (headers != null) ? headers.getFirst(name(key)) : null;
		}

	};

	private final Connection connection;

	private final JetStream js;

	private final SdkTracerProvider provider;

	private final Tracer tracer;

	RawTracing(Connection connection) throws Exception {
		this.connection = connection;
		this.js = connection.jetStream();
		this.provider = SdkTracerProvider.builder()
			.setSampler(Sampler.alwaysOn())
			.addSpanProcessor(BatchSpanProcessor.builder(SpanExporter.composite()).build())
			.build();
		this.tracer = this.provider.get("bench-raw");
	}

	private static String name(String key) {
		return "traceparent".equals(key) ? "WS-Trace-Parent" : "tracestate".equals(key) ? "WS-Trace-State" : key;
	}

	/**
	 * Traced asynchronous publishes with at most {@code window} awaiting their ack;
	 * events per second.
	 */
	double asyncPublish(String subject, int count, int window) throws Exception {
		Semaphore inFlight = new Semaphore(window);
		CountDownLatch done = new CountDownLatch(count);
		AtomicInteger failures = new AtomicInteger();
		long start = System.nanoTime();
		for (int i = 0; i < count; i++) {
			inFlight.acquire();
			Span span = this.tracer.spanBuilder("publish " + subject)
				.setSpanKind(SpanKind.PRODUCER)
				.setAttribute(SYSTEM, "nats")
				.setAttribute(OPERATION, "send")
				.setAttribute(DESTINATION, subject)
				.startSpan();
			Headers headers = RawJnats.headers();
			PROPAGATOR.inject(Context.root().with(span), headers, SETTER);
			CompletableFuture<PublishAck> ack = this.js.publishAsync(subject, headers, Payloads.tick(i).toByteArray());
			ack.whenComplete((a, ex) -> {
				if (ex != null) {
					span.setStatus(StatusCode.ERROR);
					failures.incrementAndGet();
				}
				else {
					span.setAttribute(MESSAGE_ID, a.getSeqno());
				}
				span.end();
				inFlight.release();
				done.countDown();
			});
		}
		if (!done.await(5, TimeUnit.MINUTES) || failures.get() > 0) {
			throw new IllegalStateException("traced raw async publish to " + subject + ": " + failures.get());
		}
		return RawJnats.perSecond(count, System.nanoTime() - start);
	}

	/**
	 * Drains a backlog with the simplified consume API on the dispatcher thread, a
	 * consumer span around each event's decode and ack; events per second. The consumer
	 * is created for the round and deleted after it.
	 */
	double consume(String stream, String consumer, int count, int maxPending) throws Exception {
		ConsumerContext context = this.connection.getStreamContext(stream)
			.createOrUpdateConsumer(ConsumerConfiguration.builder()
				.durable(consumer)
				.ackPolicy(AckPolicy.Explicit)
				.deliverPolicy(DeliverPolicy.All)
				.maxAckPending(maxPending)
				.ackWait(Duration.ofSeconds(30))
				.build());
		Drain drain = new Drain();
		drain.expect(count, false);
		String name = "process " + stream;
		long start = System.nanoTime();
		MessageConsumer running = context.consume((msg) -> handle(msg, drain, name, consumer));
		try {
			drain.await(Duration.ofMinutes(10), "traced raw consume of " + stream);
			return RawJnats.perSecond(count, System.nanoTime() - start);
		}
		finally {
			running.stop();
			try {
				running.close();
			}
			catch (Exception ex) {
				// the consumer is deleted next
			}
			new RawJnats(this.connection).deleteConsumer(stream, consumer);
		}
	}

	private void handle(Message msg, Drain drain, String name, String consumer) {
		Context parent = PROPAGATOR.extract(Context.root(), msg.getHeaders(), GETTER);
		Span span = this.tracer.spanBuilder(name)
			.setParent(parent)
			.setSpanKind(SpanKind.CONSUMER)
			.setAttribute(SYSTEM, "nats")
			.setAttribute(OPERATION, "process")
			.setAttribute(DESTINATION, msg.getSubject())
			.setAttribute(CONSUMER, consumer)
			.startSpan();
		try (Scope scope = span.makeCurrent()) {
			Tick tick;
			try {
				tick = Tick.parseFrom(msg.getData());
			}
			catch (Exception ex) {
				span.setStatus(StatusCode.ERROR);
				msg.term();
				return;
			}
			msg.ack();
			drain.accept(tick);
		}
		finally {
			span.end();
		}
	}

	@Override
	public void close() {
		this.provider.close();
	}

}
