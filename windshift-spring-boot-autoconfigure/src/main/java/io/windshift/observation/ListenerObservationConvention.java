package io.windshift.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and attributes of listener observations. Declare a bean of this type to replace
 * the default.
 */
public interface ListenerObservationConvention extends ObservationConvention<ListenerObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ListenerObservationContext;
	}

}
