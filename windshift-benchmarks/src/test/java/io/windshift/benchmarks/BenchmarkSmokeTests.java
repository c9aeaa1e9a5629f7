package io.windshift.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the benchmarks' smoke round (tiny counts, one round) so that they compile and run
 * in every build; the full run ({@code scripts/benchmark.sh}) stays out of CI.
 */
@Tag("slow")
class BenchmarkSmokeTests {

	@Test
	void smokeRoundMeasuresEveryPair() throws Exception {
		Path out = Path.of("target", "benchmark-smoke");
		long start = System.nanoTime();
		WindshiftBenchmarks.run(BenchmarkOptions.parse(List.of("--smoke", "--out", out.toString())));
		// about 30 s on 2 cores; the bound only catches a hang, as a busy machine (load
		// 20) takes twice as long
		assertThat((System.nanoTime() - start) / 1e9).as("seconds").isLessThan(120);
		DocumentContext json = JsonPath.parse(Files.readString(out.resolve("benchmarks.json")));
		List<Map<String, Object>> pairs = json.read("$.pairs");
		assertThat(pairs).extracting((pair) -> (String) pair.get("name"))
			.anyMatch((name) -> name.startsWith("sync publish"))
			.anyMatch((name) -> name.startsWith("async publish"))
			.anyMatch((name) -> name.startsWith("consume, concurrency 1"))
			.anyMatch((name) -> name.startsWith("consume, concurrency 4"))
			.anyMatch((name) -> name.startsWith("end-to-end latency p50"))
			.anyMatch((name) -> name.startsWith("end-to-end latency p99"))
			.anyMatch((name) -> name.contains("4 partitions against none"))
			.anyMatch((name) -> name.contains("two instances against one"));
		List<String> notes = json.read("$.notes");
		assertThat(notes).anyMatch((note) -> note.contains("events handled by the first instance / the second"));
		for (int i = 0; i < pairs.size(); i++) {
			String pair = "$.pairs[" + i + "]";
			assertThat(json.read(pair + ".reference.median", Double.class)).as(pair + " reference").isPositive();
			assertThat(json.read(pair + ".candidate.median", Double.class)).as(pair + " candidate").isPositive();
			assertThat(json.read(pair + ".ratio", Double.class)).as(pair + " ratio").isPositive();
		}
		List<Map<String, Object>> memory = json.read("$.memory");
		assertThat(memory).hasSize(4).allSatisfy((run) -> {
			assertThat(run.get("completed")).as("%s completed", run.get("side")).isEqualTo(true);
			// the smoke round limits the drain to 10 s: the listener may not finish
			assertThat(((Number) run.get("drained")).longValue()).as("%s drained", run.get("side")).isPositive();
			assertThat(((Number) run.get("heapPeakMb")).doubleValue()).isPositive();
			assertThat(((Number) run.get("rssPeakMb")).doubleValue()).isPositive();
		});
		assertThat(Files.readString(out.resolve("benchmarks-table.md"))).contains("| sync publish", "Memory run");
	}

}
