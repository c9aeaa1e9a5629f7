package io.windshift.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.common.KeyValues;
import io.windshift.observation.WindshiftObservation.Keys;

/**
 * The default listener convention: metric {@code windshift.listener}, span
 * {@code process <stream>}. The low-cardinality key values and the span name are made
 * once per listener (and outcome), not per event.
 */
public class DefaultListenerObservationConvention implements ListenerObservationConvention {

	/** A shared instance. */
	public static final DefaultListenerObservationConvention INSTANCE = new DefaultListenerObservationConvention();

	@Override
	public String getName() {
		return "windshift.listener";
	}

	/** Outcomes cached per listener at most (any beyond are made per call). */
	private static final int MAX_OUTCOMES = 16;

	/** Per listener id: its stream, consumer and key values. */
	private final Map<String, Cached> cache = new ConcurrentHashMap<>();

	@Override
	public String getContextualName(ListenerObservationContext context) {
		return cached(context).name;
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ListenerObservationContext context) {
		Cached cached = cached(context);
		String outcome = context.getOutcome();
		KeyValues values = cached.byOutcome.get(outcome);
		if (values == null) {
			values = cached.common.and(Keys.OUTCOME.withValue(outcome));
			if (cached.byOutcome.size() < MAX_OUTCOMES) {
				cached.byOutcome.put(outcome, values);
			}
		}
		return values;
	}

	private Cached cached(ListenerObservationContext context) {
		Cached cached = this.cache.get(context.getListenerId());
		if (cached == null || !cached.stream.equals(context.getStream())
				|| !cached.consumer.equals(context.getConsumer())) {
			// a listener keeps its stream and consumer; a new binding (or a listener id
			// reused by another application context) replaces the entry
			cached = new Cached(context.getListenerId(), context.getStream(), context.getConsumer());
			this.cache.put(context.getListenerId(), cached);
		}
		return cached;
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ListenerObservationContext context) {
		return KeyValues.of(Keys.DESTINATION.withValue(context.getSubject()),
				Keys.MESSAGE_ID.withValue(Long.toString(context.getId())),
				Keys.DELIVERY_ATTEMPT.withValue(Long.toString(context.getDeliveryAttempt())));
	}

	/** What a listener's observations share. */
	private static final class Cached {

		final String stream;

		final String consumer;

		final String name;

		final KeyValues common;

		final Map<String, KeyValues> byOutcome = new ConcurrentHashMap<>();

		Cached(String listenerId, String stream, String consumer) {
			this.stream = stream;
			this.consumer = consumer;
			this.name = "process " + stream;
			this.common = KeyValues.of(Keys.SYSTEM.withValue("nats"), Keys.OPERATION_TYPE.withValue("process"),
					Keys.OPERATION_NAME.withValue("process"), Keys.STREAM.withValue(stream),
					Keys.CONSUMER.withValue(consumer), Keys.LISTENER.withValue(listenerId));
		}

	}

}
