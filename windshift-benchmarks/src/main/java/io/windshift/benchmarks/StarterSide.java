package io.windshift.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.nats.client.Connection;
import io.windshift.events.OutgoingEvent;
import io.windshift.events.PublishedEvent;
import io.windshift.events.WindshiftTemplate;
import io.windshift.listener.WindshiftListenerEndpointRegistry;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter side: a Spring context built programmatically (web off) with the
 * auto-configured {@link WindshiftTemplate} and the benchmark listeners. Timings exclude
 * the context's startup: listeners do not start with the context but through the registry
 * when their timing begins.
 */
final class StarterSide implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final String prefix;

	private final WindshiftTemplate template;

	private final WindshiftListenerEndpointRegistry registry;

	private final BenchListeners listeners;

	private final Connection connection;

	private StarterSide(ConfigurableApplicationContext context, String prefix) {
		this.context = context;
		this.prefix = prefix;
		this.template = context.getBean(WindshiftTemplate.class);
		this.registry = context.getBean(WindshiftListenerEndpointRegistry.class);
		this.listeners = context.getBean(BenchListeners.class);
		this.connection = context.getBean(Connection.class);
	}

	/**
	 * Starts a context.
	 * @param servers the NATS servers (comma separated)
	 * @param prefix the prefix of this context's consumer names
	 * @param tracing whether tracing is on (sampling everything) or off (the starter's
	 * observations disabled)
	 * @param window the in-flight window of asynchronous publishes
	 * @param maxPending the max ack pending of the listeners' consumers
	 * @param extra further properties
	 */
	static StarterSide start(String servers, String prefix, boolean tracing, int window, int maxPending,
			String... extra) {
		return start(servers, prefix, tracing ? 1.0 : -1, window, maxPending, extra);
	}

	/**
	 * Starts a context with tracing at this sampling probability (negative: the starter's
	 * observations off).
	 */
	static StarterSide start(String servers, String prefix, double sampling, int window, int maxPending,
			String... extra) {
		boolean tracing = sampling >= 0;
		List<String> properties = new ArrayList<>(List.of("windshift.nats.servers=" + servers,
				"windshift.nats.connection-name=bench-" + prefix, "windshift.publish.max-in-flight=" + window,
				"windshift.listener.auto-startup=false", "bench.prefix=" + prefix, "bench.max-pending=" + maxPending,
				"bench.latency-subject=" + Streams.LATENCY + "." + prefix, "spring.main.banner-mode=off",
				"spring.main.log-startup-info=false", "logging.level.root=WARN"));
		if (tracing) {
			properties.add("management.tracing.sampling.probability=" + sampling);
		}
		else {
			// Boot's tracer exists whenever the tracing libraries are present: switch the
			// starter's
			// observations off (no observation, no trace headers) and Boot's export with
			// them
			properties.add("management.tracing.export.enabled=false");
			properties.add("windshift.observation.publish.enabled=false");
			properties.add("windshift.observation.listener.enabled=false");
		}
		properties.addAll(List.of(extra));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(BenchApplication.class)
			.web(WebApplicationType.NONE)
			.properties(properties.toArray(String[]::new))
			.run();
		return new StarterSide(context, prefix);
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

	/** {@code WindshiftTemplate.publish}, one after the other; events per second. */
	double syncPublish(String subject, int count) {
		long start = System.nanoTime();
		for (int i = 0; i < count; i++) {
			this.template.publish(OutgoingEvent.of(subject, Payloads.tick(i)));
		}
		return RawJnats.perSecond(count, System.nanoTime() - start);
	}

	/** One synchronous publish. */
	PublishedEvent publishOne(String subject) {
		return this.template.publish(OutgoingEvent.of(subject, Payloads.tick(0)));
	}

	Connection connection() {
		return this.connection;
	}

	/**
	 * {@code WindshiftTemplate.publishAsync} with its in-flight window
	 * ({@code windshift.publish.max-in-flight}); events per second until every
	 * acknowledgement arrived.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	double asyncPublish(String subject, int count) {
		CompletableFuture<PublishedEvent>[] acks = new CompletableFuture[count];
		long start = System.nanoTime();
		for (int i = 0; i < count; i++) {
			acks[i] = this.template.publishAsync(OutgoingEvent.of(subject, Payloads.tick(i)));
		}
		for (CompletableFuture<PublishedEvent> ack : acks) {
			ack.join();
		}
		return RawJnats.perSecond(count, System.nanoTime() - start);
	}

	/**
	 * Drains the backlog with a listener from its start (a fresh consumer); events per
	 * second.
	 */
	double consume(String listenerId, int backlog) throws Exception {
		return consume(listenerId, Streams.BACKLOG, backlog);
	}

	/**
	 * Drains a stream's backlog with a listener from its start (a fresh consumer); events
	 * per second.
	 */
	double consume(String listenerId, String stream, int backlog) throws Exception {
		return consume(listenerId, stream, backlog, 0, () -> {
		});
	}

	/**
	 * Drains a stream's backlog with a listener of {@code partitions} partitions (0: not
	 * partitioned) from its start (fresh consumers, one per partition); events per
	 * second.
	 */
	double consume(String listenerId, String stream, int backlog, int partitions) throws Exception {
		return consume(listenerId, stream, backlog, partitions, () -> {
		});
	}

	/**
	 * Like {@link #consume(String, String, int, int)}, running {@code drained} once every
	 * event was handled, before the listener stops.
	 */
	double consume(String listenerId, String stream, int backlog, int partitions, Runnable drained) throws Exception {
		deleteConsumers(stream, listenerId, partitions);
		Drain drain = this.listeners.drain(listenerId);
		drain.expect(backlog, false);
		long start = System.nanoTime();
		this.registry.start(listenerId);
		try {
			drain.await(Duration.ofMinutes(10), "listener " + listenerId);
			double rate = RawJnats.perSecond(backlog, System.nanoTime() - start);
			drained.run();
			return rate;
		}
		finally {
			this.registry.stop(listenerId);
			deleteConsumers(stream, listenerId, partitions);
		}
	}

	/**
	 * Publishes {@code count} events with {@code publishAsync} at {@code rate} per second
	 * while the latency listener handles them; the publish-to-handler latencies in
	 * nanoseconds.
	 */
	long[] latency(int count, int rate) throws Exception {
		String consumer = consumerName(BenchListeners.LATENCY);
		deleteConsumer(Streams.LATENCY, consumer);
		Drain drain = this.listeners.latency;
		drain.expect(count, true);
		this.registry.start(BenchListeners.LATENCY);
		String subject = Streams.LATENCY + "." + this.prefix;
		try {
			Pacer.run(count, rate, (i) -> this.template.publishAsync(OutgoingEvent.of(subject, Payloads.tick(i))));
			drain.await(Duration.ofMinutes(2), "latency listener");
			return drain.latencies();
		}
		finally {
			this.registry.stop(BenchListeners.LATENCY);
			deleteConsumer(Streams.LATENCY, consumer);
		}
	}

	/** Drains the memory backlog with its listener, for at most {@code limit}. */
	RawJnats.Drained drainMemoryBacklog(int count, Duration limit) throws Exception {
		Drain drain = this.listeners.memory;
		drain.expect(count, false);
		long start = System.nanoTime();
		this.registry.start(BenchListeners.MEMORY);
		try {
			long events = drain.awaitUpTo(limit, count);
			return new RawJnats.Drained(events, System.nanoTime() - start);
		}
		finally {
			this.registry.stop(BenchListeners.MEMORY);
		}
	}

	String consumerName(String listenerId) {
		return this.prefix + "-" + listenerId;
	}

	/** The benchmark listener's drain in this context. */
	Drain drain(String listenerId) {
		return this.listeners.drain(listenerId);
	}

	void startListener(String listenerId) {
		this.registry.start(listenerId);
	}

	void stopListener(String listenerId) {
		this.registry.stop(listenerId);
	}

	/**
	 * Deletes a listener's consumer, or with {@code partitions} its partitions' consumers
	 * ({@code <consumer>-p<i>-of-<n>}, see docs/listeners.md).
	 */
	void deleteConsumers(String stream, String listenerId, int partitions) throws Exception {
		String consumer = consumerName(listenerId);
		if (partitions == 0) {
			deleteConsumer(stream, consumer);
		}
		for (int i = 0; i < partitions; i++) {
			deleteConsumer(stream, consumer + "-p" + i + "-of-" + partitions);
		}
	}

	private void deleteConsumer(String stream, String consumer) throws Exception {
		new RawJnats(this.connection).deleteConsumer(stream, consumer);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
