package io.windshift.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.common.KeyValues;
import io.windshift.observation.WindshiftObservation.Keys;

/**
 * The default publish convention: metric {@code windshift.publish}, span
 * {@code publish <subject>}. The low-cardinality key values are made once per stream and
 * outcome, not per event.
 */
public class DefaultPublishObservationConvention implements PublishObservationConvention {

	/** A shared instance. */
	public static final DefaultPublishObservationConvention INSTANCE = new DefaultPublishObservationConvention();

	private static final String[] OUTCOMES = { "stored", "duplicate", "error" };

	private static final int STORED = 0;

	private static final int DUPLICATE = 1;

	private static final int ERROR = 2;

	/** Streams whose key values are cached at most (any beyond are made per call). */
	private static final int MAX_STREAMS = 256;

	/** Per stream: the low-cardinality key values by outcome, made once. */
	private final Map<String, KeyValues[]> cache = new ConcurrentHashMap<>();

	@Override
	public String getName() {
		return "windshift.publish";
	}

	@Override
	public String getContextualName(PublishObservationContext context) {
		return "publish " + context.getSubject();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(PublishObservationContext context) {
		int outcome = (context.getError() != null) ? ERROR
				: Boolean.TRUE.equals(context.getDuplicate()) ? DUPLICATE : STORED;
		String stream = (context.getStream() != null) ? context.getStream() : "unknown";
		KeyValues[] byOutcome = this.cache.get(stream);
		if (byOutcome == null) {
			byOutcome = new KeyValues[OUTCOMES.length];
			for (int i = 0; i < OUTCOMES.length; i++) {
				byOutcome[i] = KeyValues.of(Keys.SYSTEM.withValue("nats"), Keys.OPERATION_TYPE.withValue("send"),
						Keys.OPERATION_NAME.withValue("publish"), Keys.STREAM.withValue(stream),
						Keys.OUTCOME.withValue(OUTCOMES[i]));
			}
			if (this.cache.size() < MAX_STREAMS) {
				this.cache.put(stream, byOutcome);
			}
		}
		return byOutcome[outcome];
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(PublishObservationContext context) {
		KeyValues values = KeyValues.of(Keys.DESTINATION.withValue(context.getSubject()),
				Keys.DATA_TYPE.withValue(context.getDataType()));
		Long id = context.getId();
		return (id != null) ? values.and(Keys.MESSAGE_ID.withValue(Long.toString(id))) : values;
	}

}
