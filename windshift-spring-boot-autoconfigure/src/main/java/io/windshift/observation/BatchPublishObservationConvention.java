package io.windshift.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and attributes of atomic batch observations. Register a
 * {@link io.micrometer.observation.GlobalObservationConvention} of this context to
 * replace the default.
 */
public interface BatchPublishObservationConvention extends ObservationConvention<BatchPublishObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof BatchPublishObservationContext;
	}

}
