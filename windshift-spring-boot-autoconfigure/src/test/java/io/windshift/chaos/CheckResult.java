package io.windshift.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What {@link HistoryChecker} found: the figures of the run, the faults of each kind, per
 * listener the lost, reordered and stuck counts, and a few examples of each violation.
 * {@link #table()} prints it.
 *
 * @param counts the run's figures
 * @param faults faults injected, by kind
 * @param listeners figures per listener
 * @param quietRecorded whether the history says when the faults stopped (needed for the
 * stuck check)
 */
public record CheckResult(Counts counts, Map<String, Integer> faults, Map<String, ListenerFigures> listeners,
		boolean quietRecorded) {

	public int lost() {
		return this.listeners.values().stream().mapToInt(ListenerFigures::lost).sum();
	}

	public int reordered() {
		return this.listeners.values().stream().mapToInt(ListenerFigures::reordered).sum();
	}

	public int stuck() {
		return (int) this.listeners.values().stream().filter(ListenerFigures::stuck).count();
	}

	public int storedTwice() {
		return this.counts.storedTwice;
	}

	public int handledAgainWithoutCause() {
		return this.counts.handledAgainWithoutCause;
	}

	public int handledAgainWithCause() {
		return this.counts.handledAgainWithCause;
	}

	/** The must-be-0 rows that are not 0, by name; empty when every guarantee held. */
	public Map<String, Integer> violations() {
		Map<String, Integer> violations = new LinkedHashMap<>();
		violations.put("lost", lost());
		violations.put("duplicated (stored twice)", storedTwice());
		violations.put("duplicated (handled again, no cause)", handledAgainWithoutCause());
		violations.put("reordered", reordered());
		violations.put("stuck", stuck());
		violations.values().removeIf((count) -> count == 0);
		return violations;
	}

	public boolean passed() {
		return violations().isEmpty() && this.quietRecorded;
	}

	/**
	 * The checker's table (Markdown), then the per-listener rows and examples of what
	 * broke.
	 */
	public String table() {
		StringBuilder out = new StringBuilder();
		out.append("| check | count | must be 0 |\n|---|---:|:---:|\n");
		row(out, "operations (publish attempts, handler runs, settlements)", this.counts.operations, false);
		row(out, "publish attempts (" + join(this.counts.publishesByMode) + ")", this.counts.publishAttempts, false);
		row(out, "publish attempts failed (retried with their key)", this.counts.failedAttempts, false);
		row(out, "events acknowledged", this.counts.acknowledged, false);
		row(out, "after-commit events lost with their application (send failed after the commit, application killed "
				+ "before a new send was acknowledged: the documented window of publishAfterCommit; not counted as "
				+ "acknowledged)", this.counts.afterCommitLostWithApplication, false);
		row(out, "events handled (handler finished, all listeners)", this.counts.handled, false);
		row(out, "handler errors (rejected, redelivered)", this.counts.handlerErrors, false);
		row(out, "faults (" + (this.faults.isEmpty() ? "none" : join(this.faults))
				+ ((this.counts.faultsUnconfirmed > 0) ? "; " + this.counts.faultsUnconfirmed
						+ " of the step-downs and deletions not confirmed by the server in time" : "")
				+ ")", this.faults.values().stream().mapToInt(Integer::intValue).sum(), false);
		row(out, "lost", lost(), true);
		row(out, "duplicated: stored twice despite an idempotency key", storedTwice(), true);
		row(out, "duplicated: handled again, with a redelivery cause (" + this.counts.handledAgainRedelivered
				+ " redelivered, " + (handledAgainWithCause() - this.counts.handledAgainRedelivered)
				+ " replayed by a recreated consumer)", handledAgainWithCause(), false);
		row(out, "duplicated: handled again, no recorded cause", handledAgainWithoutCause(), true);
		row(out, "reordered (ordered listeners)", reordered(), true);
		row(out, "stuck (idle > 2 processing timeouts after the faults stopped)", stuck(), true);
		out.append(
				"\n| listener | ordered | expected | handled | lost | reordered | longest idle after faults | stuck |\n")
			.append("|---|:---:|---:|---:|---:|---:|---:|:---:|\n");
		for (ListenerFigures listener : this.listeners.values()) {
			out.append("| ")
				.append(listener.name())
				.append(" | ")
				.append(listener.ordered() ? "yes" : "no")
				.append(" | ")
				.append(listener.expected())
				.append(" | ")
				.append(listener.handled())
				.append(" | ")
				.append(listener.lost())
				.append(" | ")
				.append(listener.ordered() ? listener.reordered() : "-")
				.append(" | ")
				.append(listener.longestIdleMillis())
				.append(" ms | ")
				.append(listener.stuck() ? "yes" : "no")
				.append(" |\n");
		}
		if (!this.quietRecorded) {
			out.append("\nThe history does not say when the faults stopped: the stuck check could not run.\n");
		}
		this.counts.examples
			.forEach((kind, list) -> out.append("\n").append(kind).append(": ").append(String.join("; ", list)));
		return out.append('\n').toString();
	}

	private static void row(StringBuilder out, String name, long count, boolean mustBeZero) {
		out.append("| ")
			.append(name)
			.append(" | ")
			.append(count)
			.append(" | ")
			.append(mustBeZero ? ((count == 0) ? "yes, ok" : "**VIOLATED**") : "")
			.append(" |\n");
	}

	private static String join(Map<String, Integer> counts) {
		return new TreeMap<>(counts).entrySet()
			.stream()
			.map((entry) -> entry.getKey() + " " + entry.getValue())
			.collect(Collectors.joining(", "));
	}

	/**
	 * Figures of one listener.
	 *
	 * @param name the listener
	 * @param ordered whether it handles a key's events in stream order (the reorder check
	 * applies)
	 * @param expected acknowledged events on its subjects
	 * @param handled distinct events it finished
	 * @param lost expected events it never finished
	 * @param reordered events first finished after a later event of their key
	 * @param longestIdleMillis the longest stretch without activity after the faults
	 * stopped while it had work
	 * @param stuck whether that stretch exceeded two processing timeouts
	 */
	public record ListenerFigures(String name, boolean ordered, int expected, int handled, int lost, int reordered,
			long longestIdleMillis, boolean stuck) {
	}

	/** Run-wide figures, filled in by the checker. */
	public static final class Counts {

		long operations;

		int publishAttempts;

		final Map<String, Integer> publishesByMode = new TreeMap<>();

		int failedAttempts;

		int acknowledged;

		int handled;

		int handlerErrors;

		int storedTwice;

		int handledAgainWithCause;

		int handledAgainRedelivered;

		int faultsUnconfirmed;

		int handledAgainWithoutCause;

		int afterCommitLostWithApplication;

		final Map<String, List<String>> examples = new LinkedHashMap<>();

		void examples(String kind, String example) {
			List<String> list = this.examples.computeIfAbsent(kind, (k) -> new ArrayList<>());
			if (list.size() < 5) {
				list.add(example);
			}
		}

	}

}
