package io.windshift.observation;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What the default publish conventions (single events and atomic batches) share: the
 * metric name and the low-cardinality key values, made once per stream and outcome by
 * {@link PublishKeyValues}.
 *
 * @param <C> the type of the observation's context
 */
abstract class PublishConvention<C extends Observation.Context> {

	private final String name;

	private final PublishKeyValues lowCardinality = new PublishKeyValues();

	PublishConvention(String name) {
		this.name = name;
	}

	public String getName() {
		return this.name;
	}

	public KeyValues getLowCardinalityKeyValues(C context) {
		return this.lowCardinality.of(stream(context), outcome(context));
	}

	/** The stream published to, {@code null} when the server did not say. */
	abstract @Nullable String stream(C context);

	/**
	 * What became of the publish: {@link PublishKeyValues#STORED},
	 * {@link PublishKeyValues#DUPLICATE} or {@link PublishKeyValues#ERROR}.
	 */
	abstract int outcome(C context);

}
