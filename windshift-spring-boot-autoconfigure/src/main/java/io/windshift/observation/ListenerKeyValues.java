package io.windshift.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.common.KeyValues;
import io.windshift.observation.WindshiftObservation.Keys;

/**
 * What the observations of one listener share: its span name and low-cardinality key
 * values (by outcome), made once per listener and not per event.
 */
final class ListenerKeyValues {

	/** Outcomes cached per listener at most (any beyond are made per call). */
	private static final int MAX_OUTCOMES = 16;

	private final String stream;

	private final String consumer;

	private final String name;

	private final KeyValues common;

	private final Map<String, KeyValues> byOutcome = new ConcurrentHashMap<>();

	ListenerKeyValues(String listenerId, String stream, String consumer) {
		this.stream = stream;
		this.consumer = consumer;
		this.name = "process " + stream;
		this.common = KeyValues.of(Keys.SYSTEM.withValue("nats"), Keys.OPERATION_TYPE.withValue("process"),
				Keys.OPERATION_NAME.withValue("process"), Keys.STREAM.withValue(stream),
				Keys.CONSUMER.withValue(consumer), Keys.LISTENER.withValue(listenerId));
	}

	/**
	 * Whether these are the key values of a listener bound to this stream and consumer.
	 */
	boolean isFor(String stream, String consumer) {
		return this.stream.equals(stream) && this.consumer.equals(consumer);
	}

	/** The span name: {@code process <stream>}. */
	String name() {
		return this.name;
	}

	/** The low-cardinality key values of an invocation with this outcome. */
	KeyValues of(String outcome) {
		KeyValues values = this.byOutcome.get(outcome);
		if (values == null) {
			values = this.common.and(Keys.OUTCOME.withValue(outcome));
			if (this.byOutcome.size() < MAX_OUTCOMES) {
				this.byOutcome.put(outcome, values);
			}
		}
		return values;
	}

}
