package io.windshift.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what a reliability test published, what the server acknowledged and what was
 * handled, and works out duplicates and losses from the ids handled.
 * {@link #report(String)} prints one line starting with {@code RELIABILITY} and appends
 * it to {@code target/reliability-figures.txt}.
 */
public final class ReliabilityFigures {

	private final AtomicLong published = new AtomicLong();

	private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

	private final Map<String, AtomicLong> handled = new ConcurrentHashMap<>();

	private final AtomicLong failures = new AtomicLong();

	/** An attempt to publish (each retry counts once more). */
	public void published() {
		this.published.incrementAndGet();
	}

	/** A publish attempt that failed. */
	public void failed() {
		this.failures.incrementAndGet();
	}

	/** The server acknowledged the event with this business id. */
	public void acknowledged(String id) {
		this.acknowledged.add(id);
	}

	/** A handler finished the event with this business id. */
	public void handled(String id) {
		this.handled.computeIfAbsent(id, (key) -> new AtomicLong()).incrementAndGet();
	}

	public long acknowledgedCount() {
		return this.acknowledged.size();
	}

	public Set<String> acknowledgedIds() {
		return Set.copyOf(this.acknowledged);
	}

	public long publishedCount() {
		return this.published.get();
	}

	public long failureCount() {
		return this.failures.get();
	}

	/** The number of distinct events handled. */
	public long handledCount() {
		return this.handled.size();
	}

	/** Handler runs beyond the first, over all events (redeliveries). */
	public long duplicates() {
		return this.handled.values().stream().mapToLong((count) -> count.get() - 1).sum();
	}

	/** Acknowledged events that were never handled. */
	public long lost() {
		return this.acknowledged.stream().filter((id) -> !this.handled.containsKey(id)).count();
	}

	/** Up to ten acknowledged ids that were never handled, for failure messages. */
	public Collection<String> lostSample() {
		return this.acknowledged.stream().filter((id) -> !this.handled.containsKey(id)).sorted().limit(10).toList();
	}

	/** Prints and records the figures line for this test; returns it. */
	public String report(String test) {
		return report(test, "");
	}

	/**
	 * Prints and records the figures line for this test with extra {@code key=value}
	 * text; returns it.
	 */
	public String report(String test, String extra) {
		String line = "RELIABILITY " + test + ": published=" + publishedCount() + " acknowledged=" + acknowledgedCount()
				+ " handled=" + handledCount() + " duplicates=" + duplicates() + " lost=" + lost()
				+ (extra.isEmpty() ? "" : " " + extra);
		System.out.println(line);
		record(line);
		return line;
	}

	/** Prints a free-form figures line and appends it to the figures file. */
	public static void record(String line) {
		if (!line.startsWith("RELIABILITY ")) {
			line = "RELIABILITY " + line;
			System.out.println(line);
		}
		try {
			Path file = Path.of("target", "reliability-figures.txt");
			if (Files.isDirectory(file.getParent())) {
				synchronized (ReliabilityFigures.class) {
					Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8,
							StandardOpenOption.CREATE, StandardOpenOption.APPEND);
				}
			}
		}
		catch (IOException ex) {
			// the printed line is enough
		}
	}

}
