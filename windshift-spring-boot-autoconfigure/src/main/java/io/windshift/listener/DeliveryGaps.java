package io.windshift.listener;

import java.util.HashSet;
import java.util.Set;

/**
 * Finds the deliveries lost on the way to a container from the consumer sequences of
 * those that reach it (the server numbers every delivery of a consumer, redeliveries
 * too): a sequence beyond the next one means the ones in between were sent and did not
 * arrive, unless one of them still arrives late (deliveries can overtake each other when
 * a connection or a consumer leader changes). A lower sequence that was not missing means
 * the consumer was created anew and counts from 1 again. Used on the fetcher thread only.
 */
final class DeliveryGaps {

	/** The most missing sequences remembered (beyond them, a late one counts as lost). */
	static final int MAX_TRACKED = 4096;

	private final Set<Long> missing = new HashSet<>();

	/** The highest sequence that arrived; 0 before the first. */
	private long highest;

	/**
	 * A delivery arrived.
	 * @param sequence its sequence in the consumer (0 or less: unknown, ignored)
	 * @return how many deliveries before it are newly missing (a gap), {@code -1} if it
	 * was missing and arrived late after all, or 0
	 */
	long arrived(long sequence) {
		if (sequence <= 0) {
			return 0;
		}
		long top = this.highest;
		if (top == 0 || sequence == top + 1) {
			this.highest = sequence;
			return 0;
		}
		if (sequence > top + 1) {
			for (long missed = top + 1; missed < sequence && this.missing.size() < MAX_TRACKED; missed++) {
				this.missing.add(missed);
			}
			this.highest = sequence;
			return sequence - top - 1;
		}
		if (this.missing.remove(sequence)) {
			return -1;
		}
		if (sequence < top) {
			// counted from 1 again: a new consumer of the same name
			restart(sequence);
		}
		return 0;
	}

	/**
	 * Starts counting again from this delivery (the container was pinned anew: the ones
	 * before went to another instance).
	 */
	void restart(long sequence) {
		this.missing.clear();
		this.highest = Math.max(0, sequence);
	}

	/** How many sequences are missing now (as far as remembered). */
	int missing() {
		return this.missing.size();
	}

}
