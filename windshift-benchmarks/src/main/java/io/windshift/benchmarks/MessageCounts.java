package io.windshift.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.MessageConsumer;
import io.nats.client.Nats;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.windshift.benchmarks.proto.Tick;
import io.windshift.test.NatsServer;

/**
 * A diagnostic, not part of the benchmark set: what each consuming side sends to and asks
 * of the server per consumed event. Drains the same backlog (the benchmark's 128-byte
 * events) with raw jnats {@code consume} (decode and {@code ack()} per event, and a
 * variant on an {@code AckPolicy.All} consumer acking every 100th event) and with the
 * starter's listeners (concurrency 1 and 4, a batch listener of 100), against one
 * nats-server with its monitoring port. First one pass per side with a {@link WireSpy}
 * listening (message counts by kind), then {@code --rounds} passes per side without it,
 * sides alternating, for the connection's messages and bytes in each direction, the
 * server's CPU time and system calls and this JVM's CPU time per event (medians).
 * <p>
 * Run: {@code scripts/message-counts.sh [--events N] [--rounds N]}.
 */
public final class MessageCounts {

	private static final int MAX_PENDING = 1000;

	private static final int ACK_ALL_EVERY = 100;

	private final int events;

	private final RawJnats raw;

	private final Connection rawConnection;

	private int round;

	private MessageCounts(int events, Connection rawConnection) throws Exception {
		this.events = events;
		this.rawConnection = rawConnection;
		this.raw = new RawJnats(rawConnection);
	}

	public static void main(String[] args) throws Exception {
		List<String> arguments = Arrays.asList(args);
		int events = intArg(arguments, "--events", 50_000);
		int rounds = intArg(arguments, "--rounds", 3);
		try (NatsServer server = NatsServer.start();
				Connection connection = Nats.connect(RawJnats.options(server.url(), "mc-raw"))) {
			Streams.create(connection, 1);
			MessageCounts counts = new MessageCounts(events, connection);
			counts.raw.publishAsync(Streams.BACKLOG + ".tick", events, 1024);
			try (StarterSide starter = StarterSide.start(server.url(), "mc", false, 1024, MAX_PENDING)) {
				counts.run(server, starter, rounds);
			}
		}
		System.exit(0);
	}

	private void run(NatsServer server, StarterSide starter, int rounds) throws Exception {
		String starterName = "bench-mc";
		Map<String, Side> sides = new LinkedHashMap<>();
		sides.put("raw consume, ack per event, c1", new Side("mc-raw", () -> drainRaw(1)));
		sides.put("raw consume, ack per event, c4", new Side("mc-raw", () -> drainRaw(4)));
		sides.put("raw consume, AckPolicy.All, ack every " + ACK_ALL_EVERY + "th, c1",
				new Side("mc-raw", this::drainRawAckAll));
		sides.put("starter listener, c1",
				new Side(starterName, () -> starter.consume(BenchListeners.CONSUME_1, this.events)));
		sides.put("starter listener, c4",
				new Side(starterName, () -> starter.consume(BenchListeners.CONSUME_4, this.events)));
		sides.put("starter batch listener, maxBatchSize 100",
				new Side(starterName, () -> starter.consume(BenchListeners.BATCH, this.events)));
		// warm-up
		for (Side side : sides.values()) {
			side.drain.run();
		}
		System.out.println("== messages by kind, per consumed event (one pass with the spy listening, " + this.events
				+ " events)");
		try (WireSpy spy = new WireSpy(server.url())) {
			for (Map.Entry<String, Side> entry : sides.entrySet()) {
				spy.take();
				entry.getValue().drain.run();
				System.out.println("-- " + entry.getKey());
				spy.take()
					.forEach((kind, count) -> System.out.printf("   %-90s %10d  %8.4f / event%n", kind, count,
							count / (double) this.events));
			}
		}
		Map<String, List<ServerCounters>> measured = new LinkedHashMap<>();
		Map<String, List<Double>> rates = new LinkedHashMap<>();
		List<String> order = new ArrayList<>(sides.keySet());
		for (int r = 0; r < rounds; r++) {
			List<String> thisRound = new ArrayList<>(order);
			if (r % 2 == 1) {
				java.util.Collections.reverse(thisRound);
			}
			for (String name : thisRound) {
				Side side = sides.get(name);
				ServerCounters before = ServerCounters.of(server, side.connectionName);
				long start = System.nanoTime();
				side.drain.run();
				long nanos = System.nanoTime() - start;
				measured.computeIfAbsent(name, (k) -> new ArrayList<>())
					.add(ServerCounters.of(server, side.connectionName).since(before));
				rates.computeIfAbsent(name, (k) -> new ArrayList<>()).add(this.events / (nanos / 1e9));
			}
		}
		System.out.println("== per consumed event, medians of " + rounds + " rounds without the spy (load average "
				+ Report.loadAverage() + ")");
		System.out.printf("%-55s %9s %9s %9s %9s %9s %9s %9s %9s %10s%n", "side", "in msgs", "in B", "out msgs",
				"out B", "srv µs", "srv rd", "srv wr", "client µs", "events/s");
		for (String name : order) {
			List<ServerCounters> all = measured.get(name);
			double n = this.events;
			System.out.printf("%-55s %9.4f %9.1f %9.4f %9.1f %9.2f %9.4f %9.4f %9.2f %10.0f%n", name,
					median(all, (c) -> c.inMsgs() / n), median(all, (c) -> c.inBytes() / n),
					median(all, (c) -> c.outMsgs() / n), median(all, (c) -> c.outBytes() / n),
					median(all, (c) -> c.serverNanos() / n / 1000), median(all, (c) -> c.serverReads() / n),
					median(all, (c) -> c.serverWrites() / n), median(all, (c) -> c.clientNanos() / n / 1000),
					Stats.of(rates.get(name)).median());
		}
	}

	private void drainRaw(int concurrency) throws Exception {
		RawJnats.Drained drained = this.raw.drain(Streams.BACKLOG, "mc-raw-" + (this.round++), this.events, concurrency,
				MAX_PENDING, Duration.ofMinutes(5));
		check(drained.events());
	}

	/**
	 * Raw consume on an {@code AckPolicy.All} consumer: decodes every event, acks every
	 * {@link #ACK_ALL_EVERY}th and the last (one ack settles every earlier delivery).
	 */
	private void drainRawAckAll() throws Exception {
		String name = "mc-raw-all-" + (this.round++);
		ConsumerContext context = this.rawConnection.getStreamContext(Streams.BACKLOG)
			.createOrUpdateConsumer(ConsumerConfiguration.builder()
				.durable(name)
				.ackPolicy(AckPolicy.All)
				.deliverPolicy(DeliverPolicy.All)
				.maxAckPending(MAX_PENDING)
				.ackWait(Duration.ofSeconds(30))
				.build());
		Drain drain = new Drain();
		drain.expect(this.events, false);
		AtomicLong handled = new AtomicLong();
		MessageConsumer running = context.consume((msg) -> {
			Tick tick;
			try {
				tick = Tick.parseFrom(msg.getData());
			}
			catch (Exception ex) {
				msg.term();
				return;
			}
			long count = handled.incrementAndGet();
			if (count % ACK_ALL_EVERY == 0 || count == this.events) {
				msg.ack();
			}
			drain.accept(tick);
		});
		try {
			check(drain.awaitUpTo(Duration.ofMinutes(5), this.events));
		}
		finally {
			running.stop();
			running.close();
			this.raw.deleteConsumer(Streams.BACKLOG, name);
		}
	}

	private void check(long drained) {
		if (drained < this.events) {
			throw new IllegalStateException("drained " + drained + " of " + this.events + " events");
		}
	}

	private static double median(List<ServerCounters> all, java.util.function.ToDoubleFunction<ServerCounters> f) {
		return Stats.of(all.stream().map(f::applyAsDouble).toList()).median();
	}

	private static int intArg(List<String> args, String name, int fallback) {
		int at = args.indexOf(name);
		return (at >= 0 && at + 1 < args.size()) ? Integer.parseInt(args.get(at + 1)) : fallback;
	}

	/**
	 * One way of draining the backlog, on the connection with this name.
	 *
	 * @param connectionName the consuming connection's name
	 * @param drain drains the backlog once
	 */
	private record Side(String connectionName, Drainer drain) {
	}

	@FunctionalInterface
	private interface Drainer {

		void run() throws Exception;

	}

}
