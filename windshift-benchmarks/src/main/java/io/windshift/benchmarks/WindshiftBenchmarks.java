package io.windshift.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import io.nats.client.Connection;
import io.nats.client.Nats;

/**
 * Measures the starter against raw jnats on the same server in the same run: sync and
 * async publish, consume (concurrency 1 and 4), the ordered listener against the
 * unordered one (concurrency 8) and, with {@code --only partitioned}, with partitions
 * against without, end-to-end latency, tracing on against off, and the memory needed to
 * drain a large backlog with a small heap. Starts its own nats-server; writes
 * {@code benchmarks.json} and a Markdown table. Run with {@code --smoke} for a tiny round
 * (CI), see {@link BenchmarkOptions#USAGE}.
 */
public final class WindshiftBenchmarks {

	/** The keys of the ordered pair's backlog. */
	private static final int KEYS = 1_000;

	/** Events in the large-event memory run. */
	static final int LARGE_EVENTS = 300;

	/**
	 * Bytes of each event of the large-event memory run (under the server's 1 MB max
	 * payload).
	 */
	static final int LARGE_EVENT_BYTES = 1_000_000;

	/** The heap of the large-event memory run. */
	static final String LARGE_EVENT_HEAP = "256m";

	private final BenchmarkOptions options;

	private final Report report;

	private WindshiftBenchmarks(BenchmarkOptions options) {
		this.options = options;
		this.report = new Report(options);
	}

	public static void main(String[] args) throws Exception {
		BenchmarkOptions options = BenchmarkOptions.parse(List.of(args));
		Report report = run(options);
		System.out.println(report.markdown());
		System.out.println("Results in " + options.out().toAbsolutePath());
		System.exit(0);
	}

	/** Runs every pair and writes the results. */
	static Report run(BenchmarkOptions options) throws Exception {
		WindshiftBenchmarks benchmarks = new WindshiftBenchmarks(options);
		long start = System.nanoTime();
		benchmarks.runAll();
		benchmarks.report.seconds = (System.nanoTime() - start) / 1e9;
		benchmarks.report.machine.put("loadAverageAtEnd", Report.loadAverage());
		benchmarks.report.write();
		return benchmarks.report;
	}

	@SuppressWarnings("try") // Connection.close() may throw InterruptedException: so may
								// this method
	private void runAll() throws Exception {
		BenchmarkOptions o = this.options;
		this.report.machine.put("natsServer", Servers.version());
		try (Servers servers = Servers.start(o.cluster())) {
			this.report.machine.put("topology", servers.description());
			try (Connection connection = Nats.connect(RawJnats.options(servers.urls(), "bench-raw"))) {
				Streams.create(connection, servers.replicas());
				RawJnats raw = new RawJnats(connection);
				try (StarterSide starter = StarterSide.start(servers.urls(), "ws", false, o.window(), o.maxPending())) {
					if (o.runs("publish")) {
						publishPairs(connection, raw, starter);
					}
					if (o.runs("consume") || o.runs("tracing") || o.runs("traced") || o.runs("batch")
							|| o.runs("forward")) {
						log("publishing the backlog of " + o.backlog());
						raw.publishAsync(Streams.BACKLOG + ".tick", o.backlog(), 1024);
					}
					if (o.runs("consume")) {
						consumePairs(raw, starter);
						consumeDiagnostics(raw);
					}
					if (o.runs("ordered") || o.runs("partitioned")) {
						log("publishing the keyed backlog of " + o.backlog() + " over " + KEYS + " keys");
						raw.publishAsync((i) -> Streams.KEYED + ".k" + (i % KEYS) + ".tick", o.backlog(), 1024);
					}
					if (o.runs("ordered")) {
						orderedPair(starter);
					}
					if (o.runs("partitioned")) {
						partitionedPairs(servers, starter);
					}
					if (o.runs("batch")) {
						batchPair(raw, starter);
					}
					if (o.runs("forward")) {
						forwardPair(connection, raw, starter, servers.replicas());
					}
					if (o.runs("latency")) {
						latencyPair(raw, starter);
					}
					if (o.runs("tracing") || o.runs("traced")) {
						tracingPairs(connection, servers, starter);
					}
				}
				if (o.runs("memory")) {
					memory(raw, servers);
				}
				if (o.runs("large")) {
					largeEvents(connection, raw, servers);
				}
			}
		}
	}

	private void publishPairs(Connection connection, RawJnats raw, StarterSide starter) throws Exception {
		BenchmarkOptions o = this.options;
		String subject = Streams.PUBLISH + ".tick";
		this.report.pairs
			.add(pair("sync publish (128 B protobuf)", "events/s", true, "raw jnats", "starter", 0.95, () -> {
				Streams.purge(connection, Streams.PUBLISH);
				return raw.syncPublish(subject, o.syncCount());
			}, () -> {
				Streams.purge(connection, Streams.PUBLISH);
				return starter.syncPublish(subject, o.syncCount());
			}));
		this.report.pairs
			.add(pair("async publish, window " + o.window(), "events/s", true, "raw jnats", "starter", 0.95, () -> {
				Streams.purge(connection, Streams.PUBLISH);
				return raw.asyncPublish(subject, o.asyncCount(), o.window());
			}, () -> {
				Streams.purge(connection, Streams.PUBLISH);
				return starter.asyncPublish(subject, o.asyncCount());
			}));
	}

	private void consumePairs(RawJnats raw, StarterSide starter) throws Exception {
		BenchmarkOptions o = this.options;
		int[] round = { 0 };
		for (int concurrency : new int[] { 1, 4 }) {
			String listener = (concurrency == 1) ? BenchListeners.CONSUME_1 : BenchListeners.CONSUME_4;
			this.report.pairs
				.add(pair("consume, concurrency " + concurrency, "events/s", true, "raw jnats", "starter", 0.90,
						(count) -> raw.consume(Streams.BACKLOG, "raw-" + listener + "-" + (round[0]++), count,
								concurrency, o.maxPending()),
						(count) -> starter.consume(listener, count), o.backlog()));
		}
	}

	private void batchPair(RawJnats raw, StarterSide starter) throws Exception {
		BenchmarkOptions o = this.options;
		int[] round = { 0 };
		this.report.pairs.add(pair("batch listener (max batch size 100) vs consume + ack per event", "events/s", true,
				"raw jnats", "starter", 1.3,
				(count) -> raw.consume(Streams.BACKLOG, "raw-batch-" + (round[0]++), count, 1, o.maxPending()),
				(count) -> starter.consume(BenchListeners.BATCH, count), o.backlog()));
	}

	/**
	 * Forwarding (consume, publish confirmed, ack) over a tenth of the backlog: a publish
	 * per event is slower.
	 */
	private void forwardPair(Connection connection, RawJnats raw, StarterSide starter, int replicas) throws Exception {
		BenchmarkOptions o = this.options;
		int[] round = { 0 };
		String target = Streams.FORWARD + ".tick";
		this.report.pairs.add(pair("forwarding listener (consume + publish + ack), concurrency 1", "events/s", true,
				"raw jnats", "starter", 0.9, (count) -> {
					Streams.recreate(connection, Streams.FORWARD, replicas);
					return raw.forward(Streams.BACKLOG, "raw-forward-" + (round[0]++), count, o.maxPending(), target);
				}, (count) -> {
					Streams.recreate(connection, Streams.FORWARD, replicas);
					return starter.consume(BenchListeners.FORWARD, count);
				}, Math.max(100, o.backlog() / 10)));
	}

	/**
	 * The ordered listener (1,000 keys) against the unordered one, both at concurrency 8,
	 * on one backlog.
	 */
	private void orderedPair(StarterSide starter) throws Exception {
		BenchmarkOptions o = this.options;
		this.report.pairs.add(pair("ordered consume (" + KEYS + " keys) against unordered, concurrency 8", "events/s",
				true, "unordered", "orderBy", 0.80,
				(count) -> starter.consume(BenchListeners.KEYED_8, Streams.KEYED, count),
				(count) -> starter.consume(BenchListeners.ORDERED_8, Streams.KEYED, count), o.backlog()));
	}

	/**
	 * The ordered listener with 4 partitions against the one without, both at concurrency
	 * 8, on the ordered pair's backlog (one instance: each event is delivered 4 times,
	 * once per partition's consumer); then 2 partitions shared by two instances (two
	 * contexts in this JVM) against one instance running both.
	 */
	private void partitionedPairs(Servers servers, StarterSide starter) throws Exception {
		BenchmarkOptions o = this.options;
		this.report.pairs.add(pair("ordered consume (" + KEYS + " keys), 4 partitions against none, concurrency 8",
				"events/s", true, "orderBy", "orderBy, 4 partitions", 0,
				(count) -> starter.consume(BenchListeners.ORDERED_8, Streams.KEYED, count),
				(count) -> starter.consume(BenchListeners.PARTITIONED_4, Streams.KEYED, count, 4), o.backlog()));
		try (PartitionInstances two = PartitionInstances.start(servers.urls(), "pi", o.window(), o.maxPending())) {
			String name = "ordered consume (" + KEYS + " keys), 2 partitions: two instances against one, concurrency 8";
			this.report.pairs
				.add(pair(name, "events/s", true, "orderBy, 2 partitions", "orderBy, 2 partitions, 2 instances", 0,
						(count) -> starter.consume(BenchListeners.PARTITIONED_2, Streams.KEYED, count, 2),
						(count) -> two.consume(BenchListeners.PARTITIONED_2, Streams.KEYED, count, 2), o.backlog()));
			List<Double> shares = two.firstShares();
			// the first round is the warm-up
			this.report.notes.add(name + ", 2 instances: events handled by the first instance / the second in each "
					+ "measured round: "
					+ shares.subList(1, shares.size())
						.stream()
						.map((share) -> String.format(Locale.ROOT, "%.0f / %.0f %%", share, 100 - share))
						.collect(Collectors.joining(", "))
					+ ".");
		}
	}

	private void consumeDiagnostics(RawJnats raw) throws Exception {
		BenchmarkOptions o = this.options;
		Duration limit = Duration.ofSeconds(o.consumeRoundSeconds());
		for (boolean oneByOne : new boolean[] { false, true }) {
			String name = oneByOne ? "raw jnats, next() one event at a time + ackSync, concurrency 1"
					: "raw jnats, consume (prefetch) + ackSync, concurrency 1";
			log("diagnostic: " + name);
			RawJnats.Drained drained = raw.drainConfirmed(Streams.BACKLOG, "raw-diag-" + oneByOne, o.backlog(),
					o.maxPending(), oneByOne, limit);
			this.report.diagnostics.add(new Report.Diagnostic(name, drained.perSecond(), "events/s"));
		}
	}

	private void latencyPair(RawJnats raw, StarterSide starter) throws Exception {
		BenchmarkOptions o = this.options;
		List<Double> rawP50 = new ArrayList<>();
		List<Double> rawP99 = new ArrayList<>();
		List<Double> wsP50 = new ArrayList<>();
		List<Double> wsP99 = new ArrayList<>();
		String rawSubject = Streams.LATENCY + ".raw";
		int warmUp = Math.max(1, o.latencyCount() / 10);
		raw.latency(Streams.LATENCY, rawSubject, "raw-latency", warmUp, o.latencyRate(), o.maxPending());
		starter.latency(warmUp, o.latencyRate());
		for (int i = 0; i < o.rounds(); i++) {
			log("latency round " + (i + 1));
			for (int side = 0; side < 2; side++) {
				boolean rawSide = (side == 0) == (i % 2 == 0);
				long[] nanos = rawSide ? raw.latency(Streams.LATENCY, rawSubject, "raw-latency", o.latencyCount(),
						o.latencyRate(), o.maxPending()) : starter.latency(o.latencyCount(), o.latencyRate());
				long[] sorted = Stats.sorted(nanos);
				(rawSide ? rawP50 : wsP50).add(Stats.percentile(sorted, 50));
				(rawSide ? rawP99 : wsP99).add(Stats.percentile(sorted, 99));
			}
		}
		String at = " at " + o.latencyRate() + " events/s";
		this.report.pairs.add(new Comparison("end-to-end latency p50" + at, "ms", false, "raw jnats", Stats.of(rawP50),
				"starter", Stats.of(wsP50), 0));
		this.report.pairs.add(new Comparison("end-to-end latency p99" + at, "ms", false, "raw jnats", Stats.of(rawP99),
				"starter", Stats.of(wsP99), 1 / 1.2));
	}

	private void tracingPairs(Connection connection, Servers servers, StarterSide off) throws Exception {
		BenchmarkOptions o = this.options;
		if (!Tracing.instrumented()) {
			this.report.notes
				.add("Tracing on/off: not measured (the starter has no observation support on this " + "branch yet).");
			return;
		}
		try (StarterSide on = StarterSide.start(servers.urls(), "traced", true, o.window(), o.maxPending())) {
			String subject = Streams.PUBLISH + ".tick";
			Tracing.describe(on, off, subject, this.report);
			if (o.runs("traced")) {
				tracedPairs(connection, on);
			}
			if (!o.runs("tracing")) {
				return;
			}
			this.report.pairs.add(pair("tracing: async publish, window " + o.window(), "events/s", true, "tracing off",
					"tracing on", 0.8, () -> {
						Streams.purge(connection, Streams.PUBLISH);
						return off.asyncPublish(subject, o.asyncCount());
					}, () -> {
						Streams.purge(connection, Streams.PUBLISH);
						return on.asyncPublish(subject, o.asyncCount());
					}));
			this.report.pairs.add(pair("tracing: consume, concurrency 1", "events/s", true, "tracing off", "tracing on",
					0.8, (count) -> off.consume(BenchListeners.CONSUME_1, count),
					(count) -> on.consume(BenchListeners.CONSUME_1, count), o.backlog()));
		}
		// Spring Boot's default sampling probability: what an application gets without
		// setting it
		try (StarterSide sampled = StarterSide.start(servers.urls(), "sampled", 0.1, o.window(), o.maxPending())) {
			String subject = Streams.PUBLISH + ".tick";
			this.report.pairs.add(pair("tracing at sampling 0.1: async publish, window " + o.window(), "events/s", true,
					"tracing off", "tracing on, 0.1", 0.8, () -> {
						Streams.purge(connection, Streams.PUBLISH);
						return off.asyncPublish(subject, o.asyncCount());
					}, () -> {
						Streams.purge(connection, Streams.PUBLISH);
						return sampled.asyncPublish(subject, o.asyncCount());
					}));
		}
	}

	/**
	 * The traced starter against the limit of tracing: raw jnats with OpenTelemetry spans
	 * written by hand ({@link RawTracing}).
	 */
	private void tracedPairs(Connection connection, StarterSide on) throws Exception {
		BenchmarkOptions o = this.options;
		String subject = Streams.PUBLISH + ".tick";
		int[] round = { 0 };
		try (RawTracing raw = new RawTracing(connection)) {
			this.report.pairs.add(pair("traced async publish, window " + o.window(), "events/s", true,
					"raw jnats + hand-written spans", "traced starter", 0.95, () -> {
						Streams.purge(connection, Streams.PUBLISH);
						return raw.asyncPublish(subject, o.asyncCount(), o.window());
					}, () -> {
						Streams.purge(connection, Streams.PUBLISH);
						return on.asyncPublish(subject, o.asyncCount());
					}));
			this.report.pairs.add(pair("traced consume, concurrency 1", "events/s", true,
					"raw jnats + hand-written spans", "traced starter", 0.95,
					(count) -> raw.consume(Streams.BACKLOG, "raw-traced-" + (round[0]++), count, o.maxPending()),
					(count) -> on.consume(BenchListeners.CONSUME_1, count), o.backlog()));
		}
	}

	private void memory(RawJnats raw, Servers servers) throws Exception {
		BenchmarkOptions o = this.options;
		log("publishing the memory backlog of " + o.memoryCount());
		raw.publishAsync(Streams.MEMORY + ".tick", o.memoryCount(), 1024);
		for (String side : new String[] { "raw", "starter" }) {
			log("memory run: " + side);
			this.report.memory.add(childDrain(side, servers.urls()));
		}
	}

	/**
	 * The large-event memory run: a backlog of 1 MB events drained in a 256 MB heap,
	 * where prefetch bounded by count alone (500 events) would need 500 MB.
	 */
	private void largeEvents(Connection connection, RawJnats raw, Servers servers) throws Exception {
		int count = this.options.smoke() ? 20 : LARGE_EVENTS;
		Streams.purge(connection, Streams.MEMORY);
		log("publishing the large-event backlog of " + count + " events of 1 MB");
		raw.publishLarge(Streams.MEMORY + ".large", count, LARGE_EVENT_BYTES);
		for (String side : new String[] { "raw", "starter" }) {
			log("large-event memory run: " + side);
			this.report.memory.add(childDrain(side, servers.urls(), count, LARGE_EVENT_HEAP, " (1 MB events)"));
		}
	}

	private Report.MemoryResult childDrain(String side, String urls) throws Exception {
		return childDrain(side, urls, this.options.memoryCount(), this.options.memoryHeap(), "");
	}

	private Report.MemoryResult childDrain(String side, String urls, int count, String heap, String what)
			throws Exception {
		BenchmarkOptions o = this.options;
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = List.of(java, "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError", "-cp",
				System.getProperty("java.class.path"), MemoryDrain.class.getName(), side, urls, Integer.toString(count),
				Integer.toString(o.maxPending()), Integer.toString(o.memorySeconds()));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String result = null;
		StringBuilder output = new StringBuilder();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.startsWith(MemoryDrain.RESULT)) {
					result = line.substring(MemoryDrain.RESULT.length());
				}
				else if (output.length() < 20_000) {
					output.append(line).append('\n');
				}
			}
		}
		if (!process.waitFor(15, TimeUnit.MINUTES)) {
			process.destroyForcibly();
		}
		String label = (side.equals("raw") ? "raw jnats consume" : "starter listener") + ", -Xmx" + heap + what;
		if (result == null) {
			System.err.println("memory run (" + side + ") failed:\n" + output);
			this.report.notes.add("Memory run (" + side + ") did not complete (exit " + process.exitValue() + ").");
			return new Report.MemoryResult(label, count, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, false);
		}
		String[] f = result.trim().split(" ");
		Report.MemoryResult memory = new Report.MemoryResult(label, count, Long.parseLong(f[4]),
				Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
				true);
		if (!memory.fullyDrained()) {
			this.report.notes.add(String.format(Locale.ROOT,
					"Memory run (%s) stopped after %d s with %,d of %,d events drained (%,.0f events/s).", side,
					o.memorySeconds(), memory.drained(), memory.events(), memory.eventsPerSecond()));
		}
		return memory;
	}

	interface Round {

		double run() throws Exception;

	}

	interface CountedRound {

		double run(int count) throws Exception;

	}

	private Comparison pair(String name, String unit, boolean higherIsBetter, String referenceLabel,
			String candidateLabel, double target, Round reference, Round candidate) throws Exception {
		return pair(name, unit, higherIsBetter, referenceLabel, candidateLabel, target, (count) -> reference.run(),
				(count) -> candidate.run(), 0);
	}

	/**
	 * Runs a warm-up of each side, then the measured rounds with the sides alternating
	 * which goes first. Counted pairs (a backlog of {@code count}) warm up on a tenth of
	 * it (at most 5,000); a side that the warm-up shows would take longer than the
	 * consume round limit drains fewer events per round, from the start of the backlog (a
	 * rate in steady state either way).
	 */
	private Comparison pair(String name, String unit, boolean higherIsBetter, String referenceLabel,
			String candidateLabel, double target, CountedRound reference, CountedRound candidate, int count)
			throws Exception {
		log(name + ": warm-up");
		int warmUp = Math.max(1, Math.min(count / 10, 5_000));
		int referenceCount = limited(name, referenceLabel, count, warmUp, reference.run(warmUp));
		int candidateCount = limited(name, candidateLabel, count, warmUp, candidate.run(warmUp));
		List<Double> ref = new ArrayList<>();
		List<Double> cand = new ArrayList<>();
		List<double[]> refCpu = new ArrayList<>();
		List<double[]> candCpu = new ArrayList<>();
		for (int i = 0; i < this.options.rounds(); i++) {
			String round = name + " " + (i + 1) + " ";
			if (i % 2 == 0) {
				ref.add(metered(reference, referenceCount, refCpu, round + referenceLabel));
				cand.add(metered(candidate, candidateCount, candCpu, round + candidateLabel));
			}
			else {
				cand.add(metered(candidate, candidateCount, candCpu, round + candidateLabel));
				ref.add(metered(reference, referenceCount, refCpu, round + referenceLabel));
			}
			log(String.format(Locale.ROOT, "%s: round %d: %s %.1f, %s %.1f", name, i + 1, referenceLabel, ref.get(i),
					candidateLabel, cand.get(i)));
		}
		this.report.cpu.add(Report.CpuFigure.of(name, referenceLabel, refCpu));
		this.report.cpu.add(Report.CpuFigure.of(name, candidateLabel, candCpu));
		return new Comparison(name, unit, higherIsBetter, referenceLabel, Stats.of(ref), candidateLabel, Stats.of(cand),
				target);
	}

	/**
	 * Runs a round and notes the CPU time it took per event, in the benchmark's JVM and
	 * in nats-server (microseconds, set-up included on both sides; the events are the
	 * backlog drained, or for rounds without one the round's rate times its wall time),
	 * and the bytes allocated per event in the benchmark's JVM. With {@code --profile},
	 * the round is recorded with JFR into a file of its own.
	 */
	private double metered(CountedRound round, int count, List<double[]> cpu, String name) throws Exception {
		Path profile = this.options.profile();
		Recording recording = null;
		if (profile != null) {
			Files.createDirectories(profile);
			recording = new Recording(Configuration.getConfiguration("profile"));
			recording.setName(name);
			recording.start();
		}
		try {
			return metered(round, count, cpu);
		}
		finally {
			if (recording != null && profile != null) {
				recording.stop();
				recording.dump(profile.resolve(name.replaceAll("[^A-Za-z0-9]+", "-") + ".jfr"));
				recording.close();
			}
		}
	}

	private static double metered(CountedRound round, int count, List<double[]> cpu) throws Exception {
		long[] before = CpuMeter.now();
		long start = System.nanoTime();
		double rate = round.run(count);
		double events = (count > 0) ? count : rate * (System.nanoTime() - start) / 1e9;
		long[] after = CpuMeter.now();
		cpu.add(new double[] { (after[0] - before[0]) / 1e3 / events, (after[1] - before[1]) / 1e3 / events,
				(after[2] - before[2]) / events });
		return rate;
	}

	private int limited(String name, String side, int count, int warmUp, double rate) {
		int limit = this.options.consumeRoundSeconds();
		if (count == 0 || count / rate <= limit) {
			return count;
		}
		int capped = Math.max(warmUp, (int) (rate * limit));
		this.report.notes.add(String.format(Locale.ROOT,
				"%s, %s: each round drained the first %,d events of the %,d backlog (about %,.0f events/s in the "
						+ "warm-up; rounds are limited to about %d s).",
				name, side, capped, count, rate, limit));
		return capped;
	}

	private static void log(String message) {
		System.err.println("[bench] " + message);
	}

}
