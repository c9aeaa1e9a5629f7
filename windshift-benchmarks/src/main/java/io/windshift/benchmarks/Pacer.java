package io.windshift.benchmarks;

import java.util.concurrent.locks.LockSupport;

/**
 * Runs an action at a fixed rate (open loop: a late action does not delay the schedule of
 * later ones).
 */
final class Pacer {

	private Pacer() {
	}

	interface Action {

		void run(int index) throws Exception;

	}

	static void run(int count, int perSecond, Action action) throws Exception {
		long interval = 1_000_000_000L / perSecond;
		long start = System.nanoTime();
		for (int i = 0; i < count; i++) {
			long due = start + i * interval;
			long wait;
			while ((wait = due - System.nanoTime()) > 0) {
				if (wait > 100_000) {
					LockSupport.parkNanos(wait - 50_000);
				}
				else {
					Thread.onSpinWait();
				}
			}
			action.run(i);
		}
	}

}
