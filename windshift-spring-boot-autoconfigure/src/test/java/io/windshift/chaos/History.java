package io.windshift.chaos;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * The history file of one process: every operation is appended as one JSON line in a
 * single write, so a process killed with SIGKILL leaves whole lines behind (at worst one
 * cut short, which {@link #read} skips). Each process writes {@code <name>.jsonl} in the
 * run's directory; {@link #read} merges them all.
 */
public final class History implements AutoCloseable {

	private final String process;

	private final FileOutputStream out;

	public History(Path dir, String process) {
		this.process = process;
		try {
			Files.createDirectories(dir);
			this.out = new FileOutputStream(dir.resolve(process + ".jsonl").toFile(), true);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Microseconds since the epoch, from the machine's clock (shared by every process of
	 * a run).
	 */
	public static long now() {
		return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
	}

	/**
	 * Records an operation now; fields as name, value, ... ({@code null} values are left
	 * out).
	 */
	public void record(String op, @Nullable Object... nameValues) {
		write(HistoryRecord.of(now(), this.process, op, nameValues));
	}

	public synchronized void write(HistoryRecord record) {
		try {
			this.out.write((record.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
			this.out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public synchronized void close() {
		try {
			this.out.close();
		}
		catch (IOException ex) {
			// nothing more to write
		}
	}

	/** Every record of every {@code *.jsonl} file in the directory, in time order. */
	public static Records read(Path dir) {
		List<HistoryRecord> records = new ArrayList<>();
		int unreadable = 0;
		try (Stream<Path> files = Files.list(dir)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".jsonl")).sorted().toList()) {
				for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
					HistoryRecord record = HistoryRecord.parse(line);
					if (record != null) {
						records.add(record);
					}
					else if (!line.isBlank()) {
						unreadable++;
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		records.sort(Comparator.comparingLong(HistoryRecord::at));
		return new Records(records, unreadable);
	}

	/**
	 * What {@link #read} found.
	 *
	 * @param records the records in time order
	 * @param unreadable lines that were not a record (cut short by a kill)
	 */
	public record Records(List<HistoryRecord> records, int unreadable) {
	}

}
