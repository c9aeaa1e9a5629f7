package io.windshift.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.windshift.observation.ListenerObservation;
import io.windshift.observation.ListenerObservations;
import io.windshift.observation.PublishObservation;
import io.windshift.observation.PublishObservations;
import org.jspecify.annotations.Nullable;

/**
 * What one traced event costs without NATS: in the traced starter's own Spring context
 * (tracing at sampling 1.0, Boot's observation registry and OpenTelemetry SDK), on one
 * thread, CPU nanoseconds and bytes allocated per operation of
 * <ul>
 * <li>a span written by hand with the OpenTelemetry API (what {@link RawTracing} does per
 * event, without the client);</li>
 * <li>a bare Micrometer observation with the same key values, context kind and header
 * propagation (the floor of anything built on Micrometer Observation);</li>
 * <li>the starter's own observation ({@link ListenerObservations},
 * {@link PublishObservations}).</li>
 * </ul>
 * Run with the benchmark's class path:
 * {@code java -cp ... io.windshift.benchmarks.ObservationFloor [operations] [rounds]}.
 */
public final class ObservationFloor {

	private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");

	private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");

	private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");

	private static final AttributeKey<String> CONSUMER = AttributeKey.stringKey("messaging.consumer.group.name");

	private static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");

	private static final AttributeKey<String> STREAM_KEY = AttributeKey.stringKey("windshift.stream");

	private static final AttributeKey<String> LISTENER = AttributeKey.stringKey("windshift.listener.id");

	private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("windshift.outcome");

	private static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");

	private static final AttributeKey<String> ATTEMPT = AttributeKey.stringKey("messaging.nats.delivery_attempt");

	private static final AttributeKey<String> DATA_TYPE = AttributeKey.stringKey("windshift.data.type");

	private static final AttributeKey<String> PEER = AttributeKey.stringKey("peer.service");

	private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

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

	private static final TextMapSetter<Headers> SETTER = (headers, key, value) -> {
		if (headers != null) {
			headers.put(name(key), value);
		}
	};

	private static final String SUBJECT = "floor.events";

	private static final String STREAM = "FLOOR";

	private static final KeyValues LISTENER_LOW = KeyValues.of("messaging.system", "nats", "messaging.operation.type",
			"process", "messaging.operation.name", "process", "windshift.stream", STREAM,
			"messaging.consumer.group.name", "floor-consumer", "windshift.listener.id", "floor", "windshift.outcome",
			"ack");

	private static final KeyValues PUBLISH_LOW = KeyValues.of("messaging.system", "nats", "messaging.operation.type",
			"send", "messaging.operation.name", "publish", "windshift.stream", STREAM, "windshift.outcome", "stored");

	private final ObservationRegistry registry;

	private final Tracer tracer;

	private final ListenerObservations listeners;

	private final PublishObservations publishes;

	private final Message message;

	private ObservationFloor(ObservationRegistry registry, OpenTelemetry openTelemetry, ListenerObservations listeners,
			PublishObservations publishes) {
		this.registry = registry;
		this.tracer = openTelemetry.getTracer("floor");
		this.listeners = listeners;
		this.publishes = publishes;
		Headers headers = new Headers();
		headers.put("WS-Data-Type", "bench.Tick");
		headers.put("WS-Trace-Parent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
		this.message = NatsMessage.builder().subject(SUBJECT).headers(headers).data(new byte[16]).build();
	}

	public static void main(String[] args) throws Exception {
		int operations = (args.length > 0) ? Integer.parseInt(args[0]) : 200_000;
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 5;
		try (Servers servers = Servers.start(false);
				StarterSide side = StarterSide.start(servers.urls(), "floor", true, 1024, 1000)) {
			ObservationFloor floor = new ObservationFloor(side.context().getBean(ObservationRegistry.class),
					side.context().getBean(OpenTelemetry.class), side.context().getBean(ListenerObservations.class),
					side.context().getBean(PublishObservations.class));
			List<Case> cases = List.of(new Case("consume: OpenTelemetry span by hand", floor::handConsume),
					new Case("consume: OpenTelemetry span by hand, the starter's 10 attributes",
							floor::handConsumeAllAttributes),
					new Case("consume: bare Micrometer observation", floor::bareConsume),
					new Case("consume: bare Micrometer observation with a convention", floor::conventionConsume),
					new Case("consume: starter's ListenerObservations", floor::starterConsume),
					new Case("publish: OpenTelemetry span by hand", floor::handPublish),
					new Case("publish: OpenTelemetry span by hand, the starter's 9 attributes",
							floor::handPublishAllAttributes),
					new Case("publish: bare Micrometer observation", floor::barePublish),
					new Case("publish: starter's PublishObservations", floor::starterPublish));
			System.out.printf(Locale.ROOT, "load average: %s%n", loadAverage());
			for (Case c : cases) {
				c.run(operations / 2); // warm-up
			}
			for (int round = 0; round < rounds; round++) {
				for (Case c : cases) {
					c.measure(operations);
				}
			}
			System.out.println("| operation | CPU ns/op (median) | bytes/op (median) |");
			System.out.println("|---|---|---|");
			for (Case c : cases) {
				System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f |%n", c.name, c.median(c.nanos),
						c.median(c.bytes));
			}
			System.out.printf(Locale.ROOT, "load average: %s%n", loadAverage());
			System.out.println("headers of one publish: by hand " + floor.headersOf(floor::handPublishHeaders)
					+ ", starter " + floor.headersOf(floor::starterPublishHeaders));
		}
	}

	private String headersOf(java.util.function.Consumer<Headers> publish) {
		Headers headers = new Headers();
		publish.accept(headers);
		return headers.keySet().stream().sorted().map((k) -> k + "=" + headers.get(k)).toList().toString();
	}

	private void handPublishHeaders(Headers headers) {
		Span span = this.tracer.spanBuilder("publish " + SUBJECT).setSpanKind(SpanKind.PRODUCER).startSpan();
		W3C.inject(Context.root().with(span), headers, SETTER);
		span.end();
	}

	private void starterPublishHeaders(Headers headers) {
		this.publishes.start(headers, SUBJECT, "bench.Tick", null).published(STREAM, 1, false);
	}

	private static String loadAverage() {
		return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
	}

	private static String name(String key) {
		return "traceparent".equals(key) ? "WS-Trace-Parent" : "tracestate".equals(key) ? "WS-Trace-State" : key;
	}

	/** What {@link RawTracing} does per consumed event, without the client. */
	private void handConsume(long i) {
		Context parent = W3C.extract(Context.root(), this.message.getHeaders(), GETTER);
		Span span = this.tracer.spanBuilder("process " + STREAM)
			.setParent(parent)
			.setSpanKind(SpanKind.CONSUMER)
			.setAttribute(SYSTEM, "nats")
			.setAttribute(OPERATION, "process")
			.setAttribute(DESTINATION, this.message.getSubject())
			.setAttribute(CONSUMER, "floor-consumer")
			.startSpan();
		try (Scope scope = span.makeCurrent()) {
			blackhole(scope);
		}
		finally {
			span.end();
		}
	}

	/**
	 * As {@link #handConsume} with the attributes the starter's observation gives its
	 * span (its key values and the remote service).
	 */
	private void handConsumeAllAttributes(long i) {
		Context parent = W3C.extract(Context.root(), this.message.getHeaders(), GETTER);
		Span span = this.tracer.spanBuilder("process " + STREAM)
			.setParent(parent)
			.setSpanKind(SpanKind.CONSUMER)
			.setAttribute(SYSTEM, "nats")
			.setAttribute(OPERATION, "process")
			.setAttribute(OPERATION_NAME, "process")
			.setAttribute(STREAM_KEY, STREAM)
			.setAttribute(CONSUMER, "floor-consumer")
			.setAttribute(LISTENER, "floor")
			.setAttribute(DESTINATION, this.message.getSubject())
			.setAttribute(MESSAGE_ID, Long.toString(i))
			.setAttribute(ATTEMPT, "1")
			.setAttribute(PEER, "nats")
			.startSpan();
		try (Scope scope = span.makeCurrent()) {
			blackhole(scope);
		}
		finally {
			span.setAttribute(OUTCOME, "ack");
			span.end();
		}
	}

	/**
	 * A Micrometer observation of a consumed event with the listener's key values, made
	 * as cheaply as the API allows: a receiver context with a shared getter, key values
	 * made once, no convention.
	 */
	private void bareConsume(long i) {
		ReceiverContext<Message> context = new ReceiverContext<>(ObservationFloor::header, Kind.CONSUMER);
		context.setCarrier(this.message);
		context.setRemoteServiceName("nats");
		Observation observation = Observation.createNotStarted("windshift.listener", () -> context, this.registry)
			.contextualName("process " + STREAM)
			.lowCardinalityKeyValues(LISTENER_LOW)
			.highCardinalityKeyValues(KeyValues.of("messaging.destination.name", this.message.getSubject(),
					"messaging.message.id", Long.toString(i), "messaging.nats.delivery_attempt", "1"))
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			blackhole(scope);
		}
		observation.stop();
	}

	/**
	 * As {@link #bareConsume} with the key values and names from a convention (made once)
	 * instead of set on the observation: Micrometer asks a convention on start and again
	 * on stop, as it does the starter's.
	 */
	private void conventionConsume(long i) {
		ReceiverContext<Message> context = new ReceiverContext<>(ObservationFloor::header, Kind.CONSUMER);
		context.setCarrier(this.message);
		context.setRemoteServiceName("nats");
		KeyValues high = KeyValues.of("messaging.destination.name", this.message.getSubject(), "messaging.message.id",
				Long.toString(i), "messaging.nats.delivery_attempt", "1");
		Observation observation = Observation
			.createNotStarted(null, new FixedConvention(LISTENER_LOW, high), () -> context, this.registry)
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			blackhole(scope);
		}
		observation.stop();
	}

	/** A convention whose key values are made by the caller. */
	private record FixedConvention(KeyValues low,
			KeyValues high) implements ObservationConvention<ReceiverContext<Message>> {

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof ReceiverContext<?>;
		}

		@Override
		public String getName() {
			return "windshift.listener";
		}

		@Override
		public String getContextualName(ReceiverContext<Message> context) {
			return "process " + STREAM;
		}

		@Override
		public KeyValues getLowCardinalityKeyValues(ReceiverContext<Message> context) {
			return this.low;
		}

		@Override
		public KeyValues getHighCardinalityKeyValues(ReceiverContext<Message> context) {
			return this.high;
		}

	}

	private static @Nullable String header(Message message, String key) {
		Headers headers = message.getHeaders();
		return (headers != null) ? headers.getFirst(name(key)) : null;
	}

	private void starterConsume(long i) {
		ListenerObservation observation = this.listeners.start(this.message, "floor", STREAM, "floor-consumer", i, 1);
		try (Observation.Scope scope = observation.openScope()) {
			blackhole(scope);
		}
		observation.end("ack");
	}

	/** What {@link RawTracing} does per publish, without the client. */
	private void handPublish(long i) {
		Span span = this.tracer.spanBuilder("publish " + SUBJECT)
			.setSpanKind(SpanKind.PRODUCER)
			.setAttribute(SYSTEM, "nats")
			.setAttribute(OPERATION, "send")
			.setAttribute(DESTINATION, SUBJECT)
			.startSpan();
		Headers headers = new Headers();
		W3C.inject(Context.root().with(span), headers, SETTER);
		span.end();
		blackhole(headers);
	}

	/**
	 * As {@link #handPublish} with the attributes the starter's observation gives its
	 * span (its key values and the remote service).
	 */
	private void handPublishAllAttributes(long i) {
		Span span = this.tracer.spanBuilder("publish " + SUBJECT)
			.setSpanKind(SpanKind.PRODUCER)
			.setAttribute(SYSTEM, "nats")
			.setAttribute(OPERATION, "send")
			.setAttribute(OPERATION_NAME, "publish")
			.setAttribute(DESTINATION, SUBJECT)
			.setAttribute(DATA_TYPE, "bench.Tick")
			.setAttribute(PEER, "nats")
			.startSpan();
		Headers headers = new Headers();
		W3C.inject(Context.root().with(span), headers, SETTER);
		span.setAttribute(STREAM_KEY, STREAM);
		span.setAttribute(MESSAGE_ID, Long.toString(i));
		span.setAttribute(OUTCOME, "stored");
		span.end();
		blackhole(headers);
	}

	private void barePublish(long i) {
		Headers headers = new Headers();
		SenderContext<Headers> context = new SenderContext<>(ObservationFloor::put, Kind.PRODUCER);
		context.setCarrier(headers);
		context.setRemoteServiceName("nats");
		Observation observation = Observation.createNotStarted("windshift.publish", () -> context, this.registry)
			.contextualName("publish " + SUBJECT)
			.lowCardinalityKeyValues(PUBLISH_LOW)
			.highCardinalityKeyValues(KeyValues.of("messaging.destination.name", SUBJECT, "windshift.data.type",
					"bench.Tick", "messaging.message.id", Long.toString(i)))
			.start();
		observation.stop();
		blackhole(headers);
	}

	private static void put(@Nullable Headers headers, String key, String value) {
		if (headers != null) {
			headers.put(name(key), value);
		}
	}

	private void starterPublish(long i) {
		Headers headers = new Headers();
		PublishObservation observation = this.publishes.start(headers, SUBJECT, "bench.Tick", null);
		observation.published(STREAM, i, false);
		blackhole(headers);
	}

	private static volatile @Nullable Object sink;

	private static void blackhole(Object value) {
		sink = value;
	}

	/** One operation, measured in rounds. */
	private static final class Case {

		final String name;

		final Operation operation;

		final List<Double> nanos = new ArrayList<>();

		final List<Double> bytes = new ArrayList<>();

		Case(String name, Operation operation) {
			this.name = name;
			this.operation = operation;
		}

		void run(int count) {
			for (int i = 0; i < count; i++) {
				this.operation.run(i);
			}
		}

		void measure(int count) {
			com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
				.getThreadMXBean();
			long id = Thread.currentThread().getId();
			long cpu = threads.getCurrentThreadCpuTime();
			long allocated = threads.getThreadAllocatedBytes(id);
			run(count);
			this.nanos.add((threads.getCurrentThreadCpuTime() - cpu) / (double) count);
			this.bytes.add((threads.getThreadAllocatedBytes(id) - allocated) / (double) count);
		}

		double median(List<Double> values) {
			double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
			Arrays.sort(sorted);
			return sorted[sorted.length / 2];
		}

	}

	@FunctionalInterface
	private interface Operation {

		void run(long i);

	}

}
