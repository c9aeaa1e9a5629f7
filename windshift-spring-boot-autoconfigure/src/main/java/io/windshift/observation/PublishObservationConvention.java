package io.windshift.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and attributes of publish observations. Declare a bean of this type to replace
 * the default.
 */
public interface PublishObservationConvention extends ObservationConvention<PublishObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof PublishObservationContext;
	}

}
