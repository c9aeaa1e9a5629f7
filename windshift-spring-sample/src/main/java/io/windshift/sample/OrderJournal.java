package io.windshift.sample;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.stereotype.Component;

/**
 * What the listeners did, in order, and when each entry was first recorded: lets the
 * sample's test (and curious readers) see the flow.
 */
@Component
public class OrderJournal {

	private final List<String> entries = new CopyOnWriteArrayList<>();

	private final Map<String, Instant> firstRecorded = new ConcurrentHashMap<>();

	void record(String what, String key) {
		String entry = what + ":" + key;
		this.firstRecorded.putIfAbsent(entry, Instant.now());
		this.entries.add(entry);
	}

	public List<String> entries() {
		return List.copyOf(this.entries);
	}

	/** When the entry was first recorded, if it was. */
	public Optional<Instant> recordedAt(String entry) {
		return Optional.ofNullable(this.firstRecorded.get(entry));
	}

}
