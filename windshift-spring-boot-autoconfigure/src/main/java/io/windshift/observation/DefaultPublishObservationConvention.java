package io.windshift.observation;

import io.micrometer.common.KeyValues;
import io.windshift.observation.WindshiftObservation.Keys;

/**
 * The default publish convention: metric {@code windshift.publish}, span
 * {@code publish <subject>}.
 */
public class DefaultPublishObservationConvention implements PublishObservationConvention {

	/** A shared instance. */
	public static final DefaultPublishObservationConvention INSTANCE = new DefaultPublishObservationConvention();

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
		String outcome = (context.getError() != null) ? "error"
				: Boolean.TRUE.equals(context.getDuplicate()) ? "duplicate" : "stored";
		String stream = (context.getStream() != null) ? context.getStream() : "unknown";
		return KeyValues.of(Keys.SYSTEM.withValue("nats"), Keys.OPERATION_TYPE.withValue("send"),
				Keys.OPERATION_NAME.withValue("publish"), Keys.STREAM.withValue(stream),
				Keys.OUTCOME.withValue(outcome));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(PublishObservationContext context) {
		KeyValues values = KeyValues.of(Keys.DESTINATION.withValue(context.getSubject()),
				Keys.DATA_TYPE.withValue(context.getDataType()));
		Long id = context.getId();
		return (id != null) ? values.and(Keys.MESSAGE_ID.withValue(Long.toString(id))) : values;
	}

}
