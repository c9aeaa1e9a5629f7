package io.windshift.benchmarks;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What to run and how big: the full set by default, tiny counts with {@code --smoke}.
 *
 * @param smoke whether this is the smoke round (tiny counts, one round)
 * @param cluster whether to run against a 3-node cluster with streams of 3 replicas
 * @param rounds measured rounds per pair (after one warm-up round)
 * @param syncCount events per sync publish round
 * @param asyncCount events per async publish round
 * @param window in-flight window of async publishes (both sides)
 * @param backlog events in the consume backlog
 * @param maxPending max ack pending of every consumer (both sides)
 * @param latencyRate events per second of the latency runs
 * @param latencyCount events per latency round
 * @param memoryCount events drained by the memory runs
 * @param memoryHeap the heap of the memory runs ({@code -Xmx})
 * @param consumeRoundSeconds how long a consume round may take on the slower side: rounds
 * drain fewer events than the backlog when the warm-up shows it would take longer
 * @param memorySeconds how long a memory run may drain
 * @param out where the JSON and Markdown results go
 * @param doc a Markdown document whose results section is replaced, or {@code null}
 * @param command the command line to print in the results
 * @param only the parts to run (publish, consume, ordered, partitioned, latency, tracing,
 * traced, memory, batch, forward, large); all when empty
 * @param profile a directory where each measured round of each side is recorded with JFR
 * (profile settings: CPU samples and allocations), or {@code null}
 */
record BenchmarkOptions(boolean smoke, boolean cluster, int rounds, int syncCount, int asyncCount, int window,
		int backlog, int maxPending, int latencyRate, int latencyCount, int memoryCount, String memoryHeap,
		int consumeRoundSeconds, int memorySeconds, Path out, @Nullable Path doc, String command, Set<String> only,
		@Nullable Path profile) {

	static final Set<String> PARTS = Set.of("publish", "consume", "ordered", "latency", "tracing", "memory", "batch",
			"forward", "large", "traced", "partitioned");

	static final String USAGE = """
			Usage: WindshiftBenchmarks [--smoke] [--cluster] [--rounds N] [--out DIR] [--doc FILE] [--command TEXT]
			  --smoke     tiny counts, one round (CI)
			  --cluster   3-node cluster, streams with 3 replicas (default: one node)
			  --rounds N  measured rounds per pair (default 5; smoke 1)
			  --out DIR   where benchmarks.json (and benchmarks-table.md without --doc) go (default: target/benchmarks)
			  --doc FILE  Markdown file whose section between the results markers is replaced by the table
			  --only LIST run only these parts: publish,consume,ordered,partitioned,latency,tracing,traced,
			              memory,batch,forward,large
			  --profile DIR  record each measured round of each side with JFR into DIR (one file per round and side)
			""";

	static BenchmarkOptions parse(List<String> args) {
		boolean smoke = args.contains("--smoke");
		boolean cluster = args.contains("--cluster");
		int rounds = smoke ? 1 : 5;
		Path out = Path.of("target", "benchmarks");
		Path doc = null;
		String command = null;
		Set<String> only = Set.of();
		Path profile = null;
		for (int i = 0; i < args.size(); i++) {
			String arg = args.get(i);
			switch (arg) {
				case "--smoke", "--cluster" -> {
				}
				case "--rounds" -> rounds = Integer.parseInt(value(args, ++i, arg));
				case "--out" -> out = Path.of(value(args, ++i, arg));
				case "--doc" -> doc = Path.of(value(args, ++i, arg));
				case "--command" -> command = value(args, ++i, arg);
				case "--only" -> only = Set.of(value(args, ++i, arg).split(","));
				case "--profile" -> profile = Path.of(value(args, ++i, arg));
				default -> throw new IllegalArgumentException("Unknown argument '" + arg + "'\n" + USAGE);
			}
		}
		if (rounds < 1) {
			throw new IllegalArgumentException("--rounds must be at least 1, got " + rounds);
		}
		if (!PARTS.containsAll(only)) {
			throw new IllegalArgumentException("--only takes " + PARTS + ", got " + only);
		}
		if (command == null) {
			command = "WindshiftBenchmarks " + String.join(" ", args);
		}
		if (smoke) {
			return new BenchmarkOptions(true, cluster, rounds, 500, 2_000, 256, 2_000, 1_000, 500, 500, 20_000, "128m",
					3, 10, out, doc, command, only, profile);
		}
		return new BenchmarkOptions(false, cluster, rounds, 5_000, 50_000, 1_024, 200_000, 1_000, 500, 2_500, 1_000_000,
				"128m", 8, 75, out, doc, command, only, profile);
	}

	/**
	 * The parts that the plain full run leaves out, as they would take it past 10
	 * minutes: they run with {@code --only} and in the smoke round.
	 */
	static final Set<String> ONLY_WHEN_ASKED = Set.of("partitioned");

	/** Whether this part runs. */
	boolean runs(String part) {
		if (this.only.isEmpty()) {
			return this.smoke || !ONLY_WHEN_ASKED.contains(part);
		}
		return this.only.contains(part);
	}

	private static String value(List<String> args, int index, String name) {
		if (index >= args.size()) {
			throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
		}
		return args.get(index);
	}

}
