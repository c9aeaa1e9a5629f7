package io.windshift.listener;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the instances of an ordered listener handled in a test: per key, the stream ids in
 * handling order, and every violation of per-key exclusivity or order (each handling
 * takes 1 to 3 ms, so that overlaps would show).
 */
final class KeyedHistory {

	final Map<String, List<Long>> idsByKey = new ConcurrentHashMap<>();

	final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();

	final Set<Long> ids = ConcurrentHashMap.newKeySet();

	final List<String> violations = new CopyOnWriteArrayList<>();

	int distinct() {
		return this.ids.size();
	}

	void record(String instance, String key, long id) throws InterruptedException {
		AtomicInteger mine = this.active.computeIfAbsent(key, (k) -> new AtomicInteger());
		if (mine.incrementAndGet() != 1) {
			this.violations.add(instance + ": two events of key " + key + " at once");
		}
		try {
			Thread.sleep(ThreadLocalRandom.current().nextInt(1, 4));
			List<Long> keyIds = this.idsByKey.computeIfAbsent(key, (k) -> new CopyOnWriteArrayList<>());
			// a redelivery of the last one handled is fine; an earlier id after a
			// later one is not
			if (!keyIds.isEmpty() && keyIds.get(keyIds.size() - 1) > id) {
				this.violations
					.add(instance + ": key " + key + " id " + id + " after " + keyIds.get(keyIds.size() - 1));
			}
			keyIds.add(id);
			this.ids.add(id);
		}
		finally {
			mine.decrementAndGet();
		}
	}

}
