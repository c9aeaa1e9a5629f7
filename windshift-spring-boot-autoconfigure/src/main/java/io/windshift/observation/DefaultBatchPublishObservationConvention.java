package io.windshift.observation;

import io.micrometer.common.KeyValues;
import io.windshift.observation.WindshiftObservation.Keys;

/**
 * The default atomic batch convention: metric {@code windshift.publish.batch}, span
 * {@code publish <stream>}, the number of events as
 * {@code messaging.batch.message_count}.
 */
public class DefaultBatchPublishObservationConvention implements BatchPublishObservationConvention {

	/** A shared instance. */
	public static final DefaultBatchPublishObservationConvention INSTANCE = new DefaultBatchPublishObservationConvention();

	@Override
	public String getName() {
		return "windshift.publish.batch";
	}

	@Override
	public String getContextualName(BatchPublishObservationContext context) {
		return "publish " + context.getStream();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(BatchPublishObservationContext context) {
		String outcome = (context.getError() != null) ? "error" : "stored";
		return KeyValues.of(Keys.SYSTEM.withValue("nats"), Keys.OPERATION_TYPE.withValue("send"),
				Keys.OPERATION_NAME.withValue("publish"), Keys.STREAM.withValue(context.getStream()),
				Keys.OUTCOME.withValue(outcome));
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
