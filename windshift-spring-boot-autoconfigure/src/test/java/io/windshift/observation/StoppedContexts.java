package io.windshift.observation;

import java.util.List;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;

/**
 * An observation registry for tests whose one handler collects the context of every
 * observation that stops.
 */
public final class StoppedContexts {

	private StoppedContexts() {
	}

	/** A new registry that adds each stopped observation's context to the list. */
	public static ObservationRegistry registry(List<Observation.Context> stopped) {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<>() {
			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

			@Override
			public void onStop(Observation.Context context) {
				stopped.add(context);
			}
		});
		return registry;
	}

}
