package io.windshift.observation;

import io.micrometer.common.KeyValues;
import io.windshift.observation.WindshiftObservation.Keys;
import org.jspecify.annotations.Nullable;

/**
 * The default publish convention: metric {@code windshift.publish}, span
 * {@code publish <subject>}. The low-cardinality key values are made once per stream and
 * outcome, not per event.
 */
public class DefaultPublishObservationConvention extends PublishConvention<PublishObservationContext>
		implements PublishObservationConvention {

	/** A shared instance. */
	public static final DefaultPublishObservationConvention INSTANCE = new DefaultPublishObservationConvention();

	public DefaultPublishObservationConvention() {
		super("windshift.publish");
	}

	@Override
	public String getContextualName(PublishObservationContext context) {
		return "publish " + context.getSubject();
	}

	@Override
	@Nullable String stream(PublishObservationContext context) {
		return context.getStream();
	}

	@Override
	int outcome(PublishObservationContext context) {
		return (context.getError() != null) ? PublishKeyValues.ERROR
				: Boolean.TRUE.equals(context.getDuplicate()) ? PublishKeyValues.DUPLICATE : PublishKeyValues.STORED;
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(PublishObservationContext context) {
		KeyValues values = KeyValues.of(Keys.DESTINATION.withValue(context.getSubject()),
				Keys.DATA_TYPE.withValue(context.getDataType()));
		Long id = context.getId();
		return (id != null) ? values.and(Keys.MESSAGE_ID.withValue(Long.toString(id))) : values;
	}

}
