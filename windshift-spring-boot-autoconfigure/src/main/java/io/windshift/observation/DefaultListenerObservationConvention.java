package io.windshift.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.common.KeyValues;
import io.windshift.observation.WindshiftObservation.Keys;

/**
 * The default listener convention: metric {@code windshift.listener}, span
 * {@code process <stream>}. The low-cardinality key values and the span name are made
 * once per listener (and outcome), not per event; the high-cardinality ones once per
 * event (Micrometer asks for them on start and again on stop).
 */
public class DefaultListenerObservationConvention implements ListenerObservationConvention {

	/** A shared instance. */
	public static final DefaultListenerObservationConvention INSTANCE = new DefaultListenerObservationConvention();

	/** Delivery attempts whose text is made once. */
	private static final String[] ATTEMPTS = new String[17];

	static {
		for (int i = 0; i < ATTEMPTS.length; i++) {
			ATTEMPTS[i] = Integer.toString(i);
		}
	}

	@Override
	public String getName() {
		return "windshift.listener";
	}

	/** Per listener id: its stream, consumer and key values. */
	private final Map<String, ListenerKeyValues> cache = new ConcurrentHashMap<>();

	@Override
	public String getContextualName(ListenerObservationContext context) {
		return keyValues(context).name();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ListenerObservationContext context) {
		return keyValues(context).of(context.getOutcome());
	}

	/** The listener's key values, looked up once per event and kept in its context. */
	private ListenerKeyValues keyValues(ListenerObservationContext context) {
		ListenerKeyValues known = context.listenerKeyValues;
		if (known != null) {
			return known;
		}
		ListenerKeyValues cached = this.cache.get(context.getListenerId());
		if (cached == null || !cached.isFor(context.getStream(), context.getConsumer())) {
			// a listener keeps its stream and consumer; a new binding (or a listener id
			// reused by another application context) replaces the entry
			cached = new ListenerKeyValues(context.getListenerId(), context.getStream(), context.getConsumer());
			this.cache.put(context.getListenerId(), cached);
		}
		context.listenerKeyValues = cached;
		return cached;
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ListenerObservationContext context) {
		KeyValues values = context.highCardinalityKeyValues;
		if (values == null) {
			long attempt = context.getDeliveryAttempt();
			values = KeyValues.of(Keys.DESTINATION.withValue(context.getSubject()),
					Keys.MESSAGE_ID.withValue(Long.toString(context.getId())),
					Keys.DELIVERY_ATTEMPT.withValue((attempt >= 0 && attempt < ATTEMPTS.length)
							? ATTEMPTS[(int) attempt] : Long.toString(attempt)));
			context.highCardinalityKeyValues = values;
		}
		return values;
	}

}
