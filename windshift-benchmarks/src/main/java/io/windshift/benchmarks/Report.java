package io.windshift.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/** The results of one run: written as JSON and as a Markdown table. */
final class Report {

	static final String DOC_START = "<!-- benchmark-results:start -->";

	static final String DOC_END = "<!-- benchmark-results:end -->";

	final Map<String, String> machine = new LinkedHashMap<>();

	final List<Comparison> pairs = new ArrayList<>();

	final List<MemoryResult> memory = new ArrayList<>();

	final List<String> notes = new ArrayList<>();

	final List<Diagnostic> diagnostics = new ArrayList<>();

	final List<CpuFigure> cpu = new ArrayList<>();

	final BenchmarkOptions options;

	double seconds;

	Report(BenchmarkOptions options) {
		this.options = options;
		this.machine.put("date", Instant.now().toString());
		this.machine.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
		this.machine.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
		this.machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
				+ System.getProperty("os.arch"));
		this.machine.put("loadAverageAtStart", loadAverage());
	}

	static String loadAverage() {
		return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
	}

	/**
	 * One memory run.
	 *
	 * @param side what drained the backlog
	 * @param events how many events the backlog held
	 * @param drained how many were drained (within the time limit)
	 * @param heapPeakMb sum of the heap pools' peak usage
	 * @param rssPeakMb the process's peak resident set ({@code VmHWM})
	 * @param maxHeapMb the heap limit
	 * @param eventsPerSecond the drain rate
	 * @param completed whether the run ended normally (no out-of-memory)
	 */
	record MemoryResult(String side, int events, long drained, double heapPeakMb, double rssPeakMb, double maxHeapMb,
			double eventsPerSecond, boolean completed) {

		boolean withinHeap() {
			return this.completed && this.heapPeakMb <= this.maxHeapMb;
		}

		boolean fullyDrained() {
			return this.completed && this.drained >= this.events;
		}

	}

	/**
	 * A single figure that helps explain a gap (not a pair, no target).
	 *
	 * @param name what was measured
	 * @param value the figure
	 * @param unit its unit
	 */
	record Diagnostic(String name, double value, String unit) {
	}

	/**
	 * The CPU time one side of a pair took per event (median of its rounds).
	 *
	 * @param pair the pair's name
	 * @param side the side's label
	 * @param clientMicros CPU time of the benchmark's JVM per event, in microseconds
	 * @param serverMicros CPU time of nats-server per event, in microseconds
	 * @param clientBytes heap allocated in the benchmark's JVM per event, in bytes
	 */
	record CpuFigure(String pair, String side, double clientMicros, double serverMicros, double clientBytes) {

		static CpuFigure of(String pair, String side, List<double[]> rounds) {
			List<Double> client = rounds.stream().map((r) -> r[0]).toList();
			List<Double> server = rounds.stream().map((r) -> r[1]).toList();
			List<Double> bytes = rounds.stream().map((r) -> (r.length > 2) ? r[2] : 0.0).toList();
			return new CpuFigure(pair, side, Stats.of(client).median(), Stats.of(server).median(),
					Stats.of(bytes).median());
		}

	}

	void write() throws IOException {
		Files.createDirectories(this.options.out());
		Files.writeString(this.options.out().resolve("benchmarks.json"), json());
		if (this.options.doc() != null) {
			updateDoc(this.options.doc());
		}
		else {
			Files.writeString(this.options.out().resolve("benchmarks-table.md"), markdown());
		}
	}

	String json() {
		StringBuilder json = new StringBuilder("{\n");
		json.append("  \"command\": ").append(quote(this.options.command())).append(",\n");
		json.append("  \"smoke\": ").append(this.options.smoke()).append(",\n");
		json.append("  \"rounds\": ").append(this.options.rounds()).append(",\n");
		json.append("  \"seconds\": ").append(number(this.seconds)).append(",\n");
		json.append("  \"machine\": {")
			.append(this.machine.entrySet()
				.stream()
				.map((e) -> "\n    " + quote(e.getKey()) + ": " + quote(e.getValue()))
				.collect(Collectors.joining(",")))
			.append("\n  },\n");
		json.append("  \"settings\": {\"syncCount\": ")
			.append(this.options.syncCount())
			.append(", \"asyncCount\": ")
			.append(this.options.asyncCount())
			.append(", \"window\": ")
			.append(this.options.window())
			.append(", \"backlog\": ")
			.append(this.options.backlog())
			.append(", \"maxPending\": ")
			.append(this.options.maxPending())
			.append(", \"latencyRate\": ")
			.append(this.options.latencyRate())
			.append(", \"latencyCount\": ")
			.append(this.options.latencyCount())
			.append(", \"memoryCount\": ")
			.append(this.options.memoryCount())
			.append(", \"memoryHeap\": ")
			.append(quote(this.options.memoryHeap()))
			.append("},\n");
		json.append("  \"pairs\": [");
		for (int i = 0; i < this.pairs.size(); i++) {
			Comparison c = this.pairs.get(i);
			json.append((i > 0) ? "," : "")
				.append("\n    {\"name\": ")
				.append(quote(c.name()))
				.append(", \"unit\": ")
				.append(quote(c.unit()))
				.append(", \"higherIsBetter\": ")
				.append(c.higherIsBetter())
				.append(",\n     \"reference\": ")
				.append(stats(c.referenceLabel(), c.reference()))
				.append(",\n     \"candidate\": ")
				.append(stats(c.candidateLabel(), c.candidate()))
				.append(",\n     \"ratio\": ")
				.append(number(c.ratio()))
				.append(", \"target\": ")
				.append(c.hasTarget() ? number(c.target()) : "null")
				.append(", \"meetsTarget\": ")
				.append(c.hasTarget() ? Boolean.toString(c.meetsTarget()) : "null")
				.append("}");
		}
		json.append("\n  ],\n  \"memory\": [");
		for (int i = 0; i < this.memory.size(); i++) {
			MemoryResult m = this.memory.get(i);
			json.append((i > 0) ? "," : "")
				.append("\n    {\"side\": ")
				.append(quote(m.side()))
				.append(", \"events\": ")
				.append(m.events())
				.append(", \"drained\": ")
				.append(m.drained())
				.append(", \"heapPeakMb\": ")
				.append(number(m.heapPeakMb()))
				.append(", \"rssPeakMb\": ")
				.append(number(m.rssPeakMb()))
				.append(", \"maxHeapMb\": ")
				.append(number(m.maxHeapMb()))
				.append(", \"eventsPerSecond\": ")
				.append(number(m.eventsPerSecond()))
				.append(", \"completed\": ")
				.append(m.completed())
				.append(", \"withinHeap\": ")
				.append(m.withinHeap())
				.append("}");
		}
		json.append("\n  ],\n  \"diagnostics\": [")
			.append(this.diagnostics.stream()
				.map((d) -> "\n    {\"name\": " + quote(d.name()) + ", \"value\": " + number(d.value()) + ", \"unit\": "
						+ quote(d.unit()) + "}")
				.collect(Collectors.joining(",")))
			.append("\n  ],\n  \"cpu\": [")
			.append(this.cpu.stream()
				.map((c) -> "\n    {\"pair\": " + quote(c.pair()) + ", \"side\": " + quote(c.side())
						+ ", \"clientMicrosPerEvent\": " + number(c.clientMicros()) + ", \"serverMicrosPerEvent\": "
						+ number(c.serverMicros()) + ", \"clientBytesPerEvent\": " + number(c.clientBytes()) + "}")
				.collect(Collectors.joining(",")))
			.append("\n  ],\n  \"notes\": [")
			.append(this.notes.stream().map((n) -> "\n    " + quote(n)).collect(Collectors.joining(",")))
			.append("\n  ]\n}\n");
		return json.toString();
	}

	private static String stats(String label, Stats s) {
		return "{\"label\": " + quote(label) + ", \"median\": " + number(s.median()) + ", \"min\": " + number(s.min())
				+ ", \"max\": " + number(s.max()) + ", \"spread\": " + number(s.spread()) + ", \"rounds\": ["
				+ s.rounds().stream().map(Report::number).collect(Collectors.joining(", ")) + "]}";
	}

	String markdown() {
		StringBuilder md = new StringBuilder();
		md.append("| Pair | Unit | Reference: median (min–max) | Candidate: median (min–max) | Ratio | Target |\n");
		md.append("|---|---|---|---|---|---|\n");
		for (Comparison c : this.pairs) {
			md.append("| ")
				.append(c.name())
				.append(" | ")
				.append(c.unit())
				.append(" | ")
				.append(c.referenceLabel())
				.append(": ")
				.append(figures(c.reference()))
				.append(" | ")
				.append(c.candidateLabel())
				.append(": ")
				.append(figures(c.candidate()))
				.append(" | ")
				.append(String.format(Locale.ROOT, "**%.2f**", c.ratio()))
				.append(" | ")
				.append(c.hasTarget()
						? String.format(Locale.ROOT, "≥ %.2f %s", c.target(), c.meetsTarget() ? "met" : "**missed**")
						: "–")
				.append(" |\n");
		}
		if (!this.memory.isEmpty()) {
			md.append("\n| Memory run | Backlog | Drained | Peak heap (MB) | Peak RSS (MB) | Heap limit (MB) "
					+ "| Drain rate (events/s) | Within heap |\n");
			md.append("|---|---|---|---|---|---|---|---|\n");
			for (MemoryResult m : this.memory) {
				md.append("| ")
					.append(m.side())
					.append(" | ")
					.append(format(m.events()))
					.append(" | ")
					.append(format(m.drained()))
					.append(m.fullyDrained() ? "" : " (time limit)")
					.append(" | ")
					.append(format(m.heapPeakMb()))
					.append(" | ")
					.append(format(m.rssPeakMb()))
					.append(" | ")
					.append(format(m.maxHeapMb()))
					.append(" | ")
					.append(format(m.eventsPerSecond()))
					.append(" | ")
					.append(m.completed() ? (m.withinHeap() ? "yes" : "**no**") : "**did not complete**")
					.append(" |\n");
			}
		}
		if (!this.cpu.isEmpty()) {
			md.append("\n| CPU time per event (median of the rounds) | Side | Benchmark JVM (µs) | nats-server (µs) "
					+ "| Benchmark JVM allocated (bytes) |\n|---|---|---|---|---|\n");
			for (CpuFigure c : this.cpu) {
				md.append("| ")
					.append(c.pair())
					.append(" | ")
					.append(c.side())
					.append(" | ")
					.append(String.format(Locale.ROOT, "%.2f", c.clientMicros()))
					.append(" | ")
					.append(String.format(Locale.ROOT, "%.2f", c.serverMicros()))
					.append(" | ")
					.append(String.format(Locale.ROOT, "%,.0f", c.clientBytes()))
					.append(" |\n");
			}
		}
		if (!this.diagnostics.isEmpty()) {
			md.append("\n| Diagnostic (one round, no target) | Figure |\n|---|---|\n");
			for (Diagnostic d : this.diagnostics) {
				md.append("| ")
					.append(d.name())
					.append(" | ")
					.append(format(d.value()))
					.append(' ')
					.append(d.unit())
					.append(" |\n");
			}
		}
		md.append("\nRatio: candidate / reference for throughput, reference / candidate for latency (above 1: the "
				+ "candidate is better). ")
			.append(this.options.rounds())
			.append(" measured round(s) per side after a warm-up, sides alternating; ")
			.append(String.format(Locale.ROOT, "%.0f", this.seconds))
			.append(" s in all.\n");
		md.append("\nCommand: `").append(this.options.command()).append("`  \n");
		md.append("Machine: ")
			.append(this.machine.entrySet()
				.stream()
				.map((e) -> e.getKey() + " " + e.getValue())
				.collect(Collectors.joining("; ")))
			.append(".\n");
		for (String note : this.notes) {
			md.append("\n- ").append(note);
		}
		if (!this.notes.isEmpty()) {
			md.append('\n');
		}
		return md.toString();
	}

	private void updateDoc(Path doc) throws IOException {
		String text = Files.exists(doc) ? Files.readString(doc) : "";
		int start = text.indexOf(DOC_START);
		int end = text.indexOf(DOC_END);
		String section = DOC_START + "\n" + markdown() + DOC_END;
		String updated = (start >= 0 && end > start)
				? text.substring(0, start) + section + text.substring(end + DOC_END.length())
				: text + "\n" + section + "\n";
		Files.writeString(doc, updated);
	}

	private static String figures(Stats s) {
		return format(s.median()) + " (" + format(s.min()) + "–" + format(s.max()) + ")";
	}

	static String format(double value) {
		if (Double.isNaN(value)) {
			return "n/a";
		}
		if (Math.abs(value) >= 100) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		return String.format(Locale.ROOT, "%.2f", value);
	}

	static String number(double value) {
		return (Double.isNaN(value) || Double.isInfinite(value)) ? "null" : String.format(Locale.ROOT, "%.3f", value);
	}

	static String quote(@Nullable String value) {
		if (value == null) {
			return "null";
		}
		StringBuilder out = new StringBuilder("\"");
		for (char c : value.toCharArray()) {
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.append('"').toString();
	}

}
