package io.windshift.listener;

import io.windshift.events.Event;

/**
 * Gives the key by which a listener with {@code orderBy = "<bean name>"} orders events:
 * events with the same key are handled one at a time and in stream order. Called once per
 * delivered event, before the listener method, on the container's fetch thread: keep it
 * fast, and do not settle the event here. It sees the decoded event; events that cannot
 * be decoded are keyed by their subject.
 */
@FunctionalInterface
public interface OrderingKey {

	/** The key of an event; {@code null} counts as the empty key. */
	String keyOf(Event<?> event);

}
