package io.windshift.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
import org.jspecify.annotations.Nullable;

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
 * Run: {@code scripts/message-counts.sh [--events N] [--rounds N] [--perf DIR]
 * [--only raw-c1,raw-c4,raw-all,starter-c1,starter-c4,starter-batch] [--no-spy]
 * [windshift.x=y ...]}: {@code --perf} records the server with {@code perf} in the first
 * round; {@code windshift.*} arguments are properties of the starter's context.
 */
public final class MessageCounts {

	private static final int MAX_PENDING = 1000;

	private static final int ACK_ALL_EVERY = 100;

	private final int events;

	private final RawJnats raw;

	private final Connection rawConnection;

	private int round;

	/**
	 * Where to record the server with {@code perf} in the first round, or {@code null}.
	 */
	private @Nullable String perfDir;

	/**
	 * The sides to run (raw-c1, raw-c4, raw-all, starter-c1, starter-c4, starter-batch),
	 * or all.
	 */
	private @Nullable List<String> only;

	/** Whether the pass with the wire spy runs. */
	private boolean spy = true;

	private MessageCounts(int events, Connection rawConnection) throws Exception {
		this.events = events;
		this.rawConnection = rawConnection;
		this.raw = new RawJnats(rawConnection);
	}

	public static void main(String[] args) throws Exception {
		List<String> arguments = Arrays.asList(args);
		int events = intArg(arguments, "--events", 50_000);
		int rounds = intArg(arguments, "--rounds", 3);
		int perfAt = arguments.indexOf("--perf");
		String perf = (perfAt >= 0 && perfAt + 1 < arguments.size()) ? arguments.get(perfAt + 1) : null;
		try (NatsServer server = NatsServer.start();
				Connection connection = Nats.connect(RawJnats.options(server.url(), "mc-raw"))) {
			Streams.create(connection, 1);
			MessageCounts counts = new MessageCounts(events, connection);
			counts.perfDir = perf;
			int onlyAt = arguments.indexOf("--only");
			counts.only = (onlyAt >= 0) ? List.of(arguments.get(onlyAt + 1).split(",")) : null;
			counts.spy = !arguments.contains("--no-spy");
			counts.raw.publishAsync(Streams.BACKLOG + ".tick", events, 1024);
			String[] extra = arguments.stream().filter((a) -> a.startsWith("windshift.")).toArray(String[]::new);
			try (StarterSide starter = StarterSide.start(server.url(), "mc", false, 1024, MAX_PENDING, extra)) {
				counts.run(server, starter, rounds);
			}
		}
		System.exit(0);
	}

	private void run(NatsServer server, StarterSide starter, int rounds) throws Exception {
		String starterName = "bench-mc";
		Map<String, Side> sides = new LinkedHashMap<>();
		sides.put("raw consume, ack per event, c1", new Side("mc-raw", (drained) -> drainRaw(1, drained)));
		sides.put("raw consume, ack per event, c4", new Side("mc-raw", (drained) -> drainRaw(4, drained)));
		sides.put("raw consume, AckPolicy.All, ack every " + ACK_ALL_EVERY + "th, c1",
				new Side("mc-raw", this::drainRawAckAll));
		sides.put("starter listener, c1", new Side(starterName,
				(drained) -> starter.consume(BenchListeners.CONSUME_1, Streams.BACKLOG, this.events, 0, drained)));
		sides.put("starter listener, c4", new Side(starterName,
				(drained) -> starter.consume(BenchListeners.CONSUME_4, Streams.BACKLOG, this.events, 0, drained)));
		sides.put("starter batch listener, maxBatchSize 100", new Side(starterName,
				(drained) -> starter.consume(BenchListeners.BATCH, Streams.BACKLOG, this.events, 0, drained)));
		if (this.only != null) {
			List<String> keys = List.of("raw-c1", "raw-c4", "raw-all", "starter-c1", "starter-c4", "starter-batch");
			List<String> names = new ArrayList<>(sides.keySet());
			for (int i = 0; i < names.size(); i++) {
				if (!this.only.contains(keys.get(i))) {
					sides.remove(names.get(i));
				}
			}
		}
		// warm-up
		for (Side side : sides.values()) {
			side.drain.run(() -> {
			});
		}
		System.out.println("== messages by kind, per consumed event (one pass with the spy listening, " + this.events
				+ " events)");
		try (WireSpy spy = this.spy ? new WireSpy(server.url()) : null) {
			for (Map.Entry<String, Side> entry : sides.entrySet()) {
				if (spy == null) {
					break;
				}
				spy.take();
				List<Map<String, Long>> drainedCounts = new ArrayList<>();
				entry.getValue().drain.run(() -> drainedCounts.add(takeQuietly(spy)));
				System.out.println("-- " + entry.getKey() + " (until every event was handled; then while stopping: "
						+ spy.take() + ")");
				drainedCounts.get(0)
					.forEach((kind, count) -> System.out.printf("   %-90s %10d  %8.4f / event%n", kind, count,
							count / (double) this.events));
			}
		}
		Map<String, List<ServerCounters>> measured = new LinkedHashMap<>();
		Map<String, List<ServerCounters>> stopping = new LinkedHashMap<>();
		Map<String, List<Double>> rates = new LinkedHashMap<>();
		List<String> order = new ArrayList<>(sides.keySet());
		for (int r = 0; r < rounds; r++) {
			List<String> thisRound = new ArrayList<>(order);
			if (r % 2 == 1) {
				java.util.Collections.reverse(thisRound);
			}
			for (String name : thisRound) {
				Side side = Objects.requireNonNull(sides.get(name));
				ServerCounters before = ServerCounters.of(server, side.connectionName);
				Process perf = (r == 0 && this.perfDir != null) ? perf(server.pid(), name) : null;
				List<ServerCounters> drained = new ArrayList<>();
				double rate = side.drain.run(() -> drained.add(ServerCounters.of(server, side.connectionName)));
				ServerCounters after = ServerCounters.of(server, side.connectionName);
				if (perf != null) {
					new ProcessBuilder("kill", "-INT", Long.toString(perf.pid())).start().waitFor();
					perf.waitFor();
				}
				measured.computeIfAbsent(name, (k) -> new ArrayList<>()).add(drained.get(0).since(before));
				stopping.computeIfAbsent(name, (k) -> new ArrayList<>()).add(after.since(drained.get(0)));
				rates.computeIfAbsent(name, (k) -> new ArrayList<>()).add(rate);
			}
		}
		System.out.println("== per consumed event, medians of " + rounds + " rounds without the spy (load average "
				+ Report.loadAverage() + "); from the start until every event was handled, then what stopping added");
		System.out.printf("%-55s %9s %9s %9s %9s %9s %9s %9s %9s %10s %12s %12s%n", "side", "in msgs", "in B",
				"out msgs", "out B", "srv µs", "srv rd", "srv wr", "client µs", "events/s", "stop: srv µs",
				"stop: cl. µs");
		for (String name : order) {
			List<ServerCounters> all = Objects.requireNonNull(measured.get(name));
			List<ServerCounters> stop = Objects.requireNonNull(stopping.get(name));
			double n = this.events;
			System.out.printf("%-55s %9.4f %9.1f %9.4f %9.1f %9.2f %9.4f %9.4f %9.2f %10.0f %12.2f %12.2f%n", name,
					median(all, (c) -> c.inMsgs() / n), median(all, (c) -> c.inBytes() / n),
					median(all, (c) -> c.outMsgs() / n), median(all, (c) -> c.outBytes() / n),
					median(all, (c) -> c.serverNanos() / n / 1000), median(all, (c) -> c.serverReads() / n),
					median(all, (c) -> c.serverWrites() / n), median(all, (c) -> c.clientNanos() / n / 1000),
					Stats.of(Objects.requireNonNull(rates.get(name))).median(),
					median(stop, (c) -> c.serverNanos() / n / 1000), median(stop, (c) -> c.clientNanos() / n / 1000));
		}
	}

	/**
	 * Starts recording the server's CPU samples with call stacks into the perf directory.
	 */
	private Process perf(long pid, String side) throws Exception {
		String file = this.perfDir + "/" + side.replaceAll("[^A-Za-z0-9]+", "-") + ".data";
		Process process = new ProcessBuilder("perf", "record", "-F", "1999", "-g", "-p", Long.toString(pid), "-o", file)
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		Thread.sleep(300);
		return process;
	}

	private double drainRaw(int concurrency, Runnable drained) throws Exception {
		RawJnats.Drained drain = this.raw.drain(Streams.BACKLOG, "mc-raw-" + (this.round++), this.events, concurrency,
				MAX_PENDING, Duration.ofMinutes(5), drained);
		check(drain.events());
		return drain.perSecond();
	}

	private static Map<String, Long> takeQuietly(WireSpy spy) {
		try {
			return spy.take();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Raw consume on an {@code AckPolicy.All} consumer: decodes every event, acks every
	 * {@link #ACK_ALL_EVERY}th and the last (one ack settles every earlier delivery).
	 */
	private double drainRawAckAll(Runnable drained) throws Exception {
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
		long start = System.nanoTime();
		try {
			check(drain.awaitUpTo(Duration.ofMinutes(5), this.events));
			double rate = RawJnats.perSecond(this.events, System.nanoTime() - start);
			drained.run();
			return rate;
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

		/**
		 * Drains the backlog, running {@code drained} once every event was handled;
		 * events per second until then.
		 */
		double run(Runnable drained) throws Exception;

	}

}
