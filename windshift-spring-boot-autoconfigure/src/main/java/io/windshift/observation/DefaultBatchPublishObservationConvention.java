package io.windshift.observation;

import io.micrometer.common.KeyValues;
import io.windshift.observation.WindshiftObservation.Keys;

/**
 * The default atomic batch convention: metric {@code windshift.publish.batch}, span
 * {@code publish <stream>}, the number of events as
 * {@code messaging.batch.message_count}. The low-cardinality key values are made once per
 * stream and outcome, as for single publishes.
 */
public class DefaultBatchPublishObservationConvention extends PublishConvention<BatchPublishObservationContext>
		implements BatchPublishObservationConvention {

	/** A shared instance. */
	public static final DefaultBatchPublishObservationConvention INSTANCE = new DefaultBatchPublishObservationConvention();

	public DefaultBatchPublishObservationConvention() {
		super("windshift.publish.batch");
	}

	@Override
	public String getContextualName(BatchPublishObservationContext context) {
		return "publish " + context.getStream();
	}

	@Override
	String stream(BatchPublishObservationContext context) {
		return context.getStream();
	}

	@Override
	int outcome(BatchPublishObservationContext context) {
		return (context.getError() != null) ? PublishKeyValues.ERROR : PublishKeyValues.STORED;
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(BatchPublishObservationContext context) {
		KeyValues values = KeyValues.of(Keys.BATCH_SIZE.withValue(Integer.toString(context.getSize())));
		Long first = context.getFirstId();
		Long last = context.getLastId();
		return (first != null && last != null)
				? values.and(Keys.FIRST_ID.withValue(Long.toString(first)), Keys.LAST_ID.withValue(Long.toString(last)))
				: values;
	}

}
