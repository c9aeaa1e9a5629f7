package io.windshift.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * History files: one JSON line per operation, merged in time order, a line cut short by a
 * kill skipped.
 */
class HistoryTests {

	@Test
	void recordsSurviveTheRoundTripWithAwkwardText() {
		HistoryRecord record = HistoryRecord.of(42, "app-1", "publish", "error",
				"quote \" back\\slash\nline\ttab\u0001", "seq", 7, "missing", null);
		HistoryRecord read = HistoryRecord.parse(record.toJson());
		assertThat(read).isEqualTo(record);
		assertThat(read.fields()).doesNotContainKey("missing");
		assertThat(read.longValue("seq", 0)).isEqualTo(7);
	}

	@Test
	void readMergesProcessesInTimeOrderAndSkipsACutLine(@TempDir Path dir) throws IOException {
		try (History one = new History(dir, "app-1"); History two = new History(dir, "app-2")) {
			one.write(HistoryRecord.of(3, "app-1", "handle", "seq", 1));
			two.write(HistoryRecord.of(1, "app-2", "publish", "seq", 1));
			one.write(HistoryRecord.of(2, "app-1", "publish", "seq", 2));
		}
		Files.writeString(dir.resolve("app-2.jsonl"), "{\"at\":4,\"process\":\"app-2\",\"op\":\"hand",
				StandardOpenOption.APPEND);
		History.Records read = History.read(dir);
		assertThat(read.records()).extracting(HistoryRecord::at).containsExactly(1L, 2L, 3L);
		assertThat(read.unreadable()).isEqualTo(1);
	}

}
