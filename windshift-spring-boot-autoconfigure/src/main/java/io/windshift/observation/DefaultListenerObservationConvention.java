package io.windshift.observation;

import io.micrometer.common.KeyValues;
import io.windshift.observation.WindshiftObservation.Keys;

/**
 * The default listener convention: metric {@code windshift.listener}, span
 * {@code process <stream>}.
 */
public class DefaultListenerObservationConvention implements ListenerObservationConvention {

	/** A shared instance. */
	public static final DefaultListenerObservationConvention INSTANCE = new DefaultListenerObservationConvention();

	@Override
	public String getName() {
		return "windshift.listener";
	}

	@Override
	public String getContextualName(ListenerObservationContext context) {
		return "process " + context.getStream();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ListenerObservationContext context) {
		return KeyValues.of(Keys.SYSTEM.withValue("nats"), Keys.OPERATION_TYPE.withValue("process"),
				Keys.OPERATION_NAME.withValue("process"), Keys.STREAM.withValue(context.getStream()),
				Keys.CONSUMER.withValue(context.getConsumer()), Keys.LISTENER.withValue(context.getListenerId()),
				Keys.OUTCOME.withValue(context.getOutcome()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ListenerObservationContext context) {
		return KeyValues.of(Keys.DESTINATION.withValue(context.getSubject()),
				Keys.MESSAGE_ID.withValue(Long.toString(context.getId())),
				Keys.DELIVERY_ATTEMPT.withValue(Long.toString(context.getDeliveryAttempt())));
	}

}
