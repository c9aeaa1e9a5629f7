package io.windshift.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a whole chaos history and counts what broke a guarantee. Pure logic over
 * {@link HistoryRecord}s:
 * <ul>
 * <li><b>lost</b>: an acknowledged publish (a {@code publish} with {@code phase=ok}; for
 * publishing after commit: the transaction committed, with no {@code seq}) whose subject
 * a durable listener takes, never handled ({@code handle} with {@code phase=ok}) by that
 * listener. A committed after-commit event whose send failed (recorded by the failure
 * handler, which publishes it again), that no later send acknowledged, and whose
 * application was killed after that failure is not expected: it was held in that
 * application's memory, the loss {@code publishAfterCommit} documents (counted on a row
 * of its own);</li>
 * <li><b>stored twice</b>: one idempotency key found at two stream positions (publish
 * acks and deliveries);</li>
 * <li><b>handled twice</b>: an event a listener finished more than once, with a recorded
 * cause (a delivery attempt above 1 in either handling, or its consumer deleted before)
 * or without one;</li>
 * <li><b>reordered</b>: for listeners recorded as ordered, an event of a key first
 * finished after a later event (higher stream position) of the same key;</li>
 * <li><b>stuck</b>: a listener that, after the faults stopped (the {@code run} record
 * with {@code phase=quiet}), went longer than two processing timeouts without handling
 * anything while it still had events to handle.</li>
 * </ul>
 * The record vocabulary: {@code listen} (listener, consumer, subjects, ordered, timeout
 * in ms), {@code publish} (phase invoke/ok/fail, key, subject, mode, seq, duplicate,
 * error), {@code handle} (listener, phase start/ok/error, key, subject, seq, attempt,
 * order), {@code settle} (listener, seq, outcome, error), {@code fault} (kind, target,
 * phase start/end, outcome of an instant one: done, unconfirmed or the server's error),
 * {@code run} (phase start/quiet/end). A consumer deletion counts as a cause even when
 * unconfirmed.
 */
public final class HistoryChecker {

	private HistoryChecker() {
	}

	public static CheckResult check(List<HistoryRecord> history) {
		Map<String, HistoryRecord> listeners = new LinkedHashMap<>();
		Map<String, String> ackedSubjects = new LinkedHashMap<>();
		Map<String, Set<Long>> positions = new HashMap<>();
		Map<String, Integer> faults = new TreeMap<>();
		Map<String, Long> consumerDeleted = new HashMap<>();
		Map<String, Map<Long, HistoryRecord>> firstHandled = new LinkedHashMap<>();
		Map<String, Map<String, Long>> handledKeys = new HashMap<>();
		Map<String, List<Long>> activity = new HashMap<>();
		Map<String, HistoryRecord> committed = new HashMap<>();
		Set<String> sent = new java.util.HashSet<>();
		Map<String, Long> sendFailed = new HashMap<>();
		Map<String, List<Long>> appKills = new HashMap<>();
		CheckResult.Counts counts = new CheckResult.Counts();
		long quiet = -1;
		long end = history.isEmpty() ? 0 : history.get(history.size() - 1).at();
		for (HistoryRecord record : history) {
			String phase = record.get("phase");
			switch (record.op()) {
				case "listen" -> listeners.putIfAbsent(record.require("listener"), record);
				case "run" -> {
					if ("quiet".equals(phase) && quiet < 0) {
						quiet = record.at();
					}
					else if ("end".equals(phase)) {
						end = record.at();
					}
				}
				case "fault" -> {
					if ("end".equals(phase) && record.get("outcome") != null && !record.is("outcome", "done")) {
						counts.faultsUnconfirmed++;
					}
					if ("start".equals(phase)) {
						faults.merge(record.require("kind"), 1, Integer::sum);
						if (record.is("kind", "app-kill")) {
							appKills.computeIfAbsent(record.require("target"), (t) -> new ArrayList<>())
								.add(record.at());
						}
						if (record.is("kind", "consumer-delete")) {
							consumerDeleted.putIfAbsent(record.require("target"), record.at());
						}
					}
				}
				case "publish" -> {
					counts.operations++;
					if ("invoke".equals(phase)) {
						counts.publishAttempts++;
						counts.publishesByMode.merge(record.get("mode") + "", 1, Integer::sum);
					}
					else if ("ok".equals(phase)) {
						ackedSubjects.putIfAbsent(record.require("key"), record.require("subject"));
						if (record.get("seq") != null) {
							sent.add(record.require("key"));
							positions.computeIfAbsent(record.require("key"), (k) -> new LinkedHashSet<>())
								.add(Long.parseLong(record.require("seq")));
						}
						else { // committed, for publishing after commit
							committed.putIfAbsent(record.require("key"), record);
						}
					}
					else if ("fail".equals(phase)) {
						counts.failedAttempts++;
						// keys are unique per event: for an after-commit event this is
						// its send
						// failing (reported during the commit, before the commit is
						// recorded)
						sendFailed.putIfAbsent(record.require("key"), record.at());
					}
				}
				case "handle" -> {
					counts.operations++;
					String listener = record.require("listener");
					activity.computeIfAbsent(listener, (l) -> new ArrayList<>()).add(record.at());
					if (!"ok".equals(phase)) {
						if ("error".equals(phase)) {
							counts.handlerErrors++;
						}
						continue;
					}
					counts.handled++;
					long seq = Long.parseLong(record.require("seq"));
					positions.computeIfAbsent(record.require("key"), (k) -> new LinkedHashSet<>()).add(seq);
					handledKeys.computeIfAbsent(listener, (l) -> new HashMap<>())
						.putIfAbsent(record.require("key"), record.at());
					HistoryRecord first = firstHandled.computeIfAbsent(listener, (l) -> new LinkedHashMap<>())
						.putIfAbsent(seq, record);
					if (first != null) {
						HistoryRecord listen = listeners.get(listener);
						Long deleted = (listen != null) ? consumerDeleted.get(listen.get("consumer")) : null;
						if (record.longValue("attempt", 1) > 1 || first.longValue("attempt", 1) > 1) {
							// a redelivery, handled after or (the first delivery held up
							// by a fault) before it
							counts.handledAgainWithCause++;
							counts.handledAgainRedelivered++;
						}
						else if (deleted != null && deleted < record.at()) {
							counts.handledAgainWithCause++;
						}
						else {
							counts.handledAgainWithoutCause++;
							counts.examples("handled again without a cause",
									listener + " seq " + seq + " key " + record.get("key") + " by " + record.process()
											+ " (first by " + first.process() + ")");
						}
					}
				}
				case "settle" -> counts.operations++;
				default -> {
				}
			}
		}
		committed.forEach((key, commit) -> {
			Long failedAt = sendFailed.get(key);
			if (failedAt != null && !sent.contains(key)
					&& appKills.getOrDefault(commit.process(), List.of()).stream().anyMatch((at) -> at > failedAt)) {
				ackedSubjects.remove(key);
				counts.afterCommitLostWithApplication++;
				counts.examples("after-commit events lost with their application", key + " committed by "
						+ commit.process() + ", whose send failed; killed before a new send was acknowledged");
			}
		});
		counts.acknowledged = ackedSubjects.size();
		positions.forEach((key, seqs) -> {
			if (seqs.size() > 1) {
				counts.storedTwice++;
				counts.examples("stored twice", key + " at " + seqs);
			}
		});
		Map<String, CheckResult.ListenerFigures> perListener = new LinkedHashMap<>();
		for (HistoryRecord listen : listeners.values()) {
			String name = listen.require("listener");
			Map<String, Long> handled = handledKeys.getOrDefault(name, Map.of());
			List<String> subjects = List.of(listen.require("subjects").split(","));
			long lastNeeded = 0;
			int expected = 0;
			int lost = 0;
			for (Map.Entry<String, String> acked : ackedSubjects.entrySet()) {
				if (subjects.stream().noneMatch((filter) -> Subjects.matches(filter, acked.getValue()))) {
					continue;
				}
				expected++;
				Long at = handled.get(acked.getKey());
				if (at == null) {
					lost++;
					lastNeeded = Long.MAX_VALUE;
					counts.examples("lost", name + " never handled " + acked.getKey());
				}
				else {
					lastNeeded = Math.max(lastNeeded, at);
				}
			}
			boolean ordered = listen.is("ordered", "true");
			int reordered = ordered ? reordered(name, firstHandled.getOrDefault(name, Map.of()), counts) : 0;
			long timeoutMicros = listen.longValue("timeout", 30_000) * 1000;
			long gap = (quiet < 0) ? 0
					: longestIdle(activity.getOrDefault(name, List.of()), quiet, Math.min(lastNeeded, end));
			boolean stuck = gap > 2 * timeoutMicros;
			if (stuck) {
				counts.examples("stuck", name + " idle " + gap / 1000 + " ms after the faults stopped");
			}
			perListener.put(name, new CheckResult.ListenerFigures(name, ordered, expected,
					firstHandled.getOrDefault(name, Map.of()).size(), lost, reordered, gap / 1000, stuck));
		}
		return new CheckResult(counts, faults, perListener, quiet >= 0);
	}

	/**
	 * Events whose first successful handling came after that of a later event of the same
	 * ordering key.
	 */
	private static int reordered(String listener, Map<Long, HistoryRecord> first, CheckResult.Counts counts) {
		Map<String, Long> highest = new HashMap<>();
		int reordered = 0;
		List<HistoryRecord> inTimeOrder = new ArrayList<>(first.values());
		inTimeOrder.sort(java.util.Comparator.comparingLong(HistoryRecord::at));
		for (HistoryRecord record : inTimeOrder) {
			String key = String.valueOf(record.get("order"));
			long seq = Long.parseLong(record.require("seq"));
			Long before = highest.get(key);
			if (before != null && before > seq) {
				reordered++;
				counts.examples("reordered", listener + " key " + key + ": seq " + seq + " after seq " + before);
			}
			else {
				highest.put(key, seq);
			}
		}
		return reordered;
	}

	/** The longest stretch in [from, to] without activity (0 when {@code to <= from}). */
	private static long longestIdle(List<Long> activity, long from, long to) {
		if (to <= from) {
			return 0;
		}
		long last = from;
		long longest = 0;
		for (long at : activity) {
			if (at <= from) {
				continue;
			}
			if (at > to) {
				break;
			}
			longest = Math.max(longest, at - last);
			last = at;
		}
		return Math.max(longest, to - last);
	}

}
