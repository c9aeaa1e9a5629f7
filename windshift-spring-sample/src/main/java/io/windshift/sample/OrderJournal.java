package io.windshift.sample;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.stereotype.Component;

/**
 * What the listeners did, in order: lets the sample's test (and curious readers) see the
 * flow.
 */
@Component
public class OrderJournal {

	private final List<String> entries = new CopyOnWriteArrayList<>();

	void record(String what, String key) {
		this.entries.add(what + ":" + key);
	}

	public List<String> entries() {
		return List.copyOf(this.entries);
	}

}
