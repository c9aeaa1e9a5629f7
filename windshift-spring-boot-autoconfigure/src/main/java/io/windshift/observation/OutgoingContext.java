package io.windshift.observation;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;

/**
 * What the contexts of publish observations share: a producer's context towards NATS
 * whose trace context is written into the outgoing headers.
 *
 * @param <C> the carrier: the headers of one event or of a batch
 */
abstract class OutgoingContext<C> extends SenderContext<C> {

	OutgoingContext(C carrier, HeaderWriter<C> writer) {
		super((target, key, value) -> {
			if (target != null) {
				writer.write(target, key, value);
			}
		}, Kind.PRODUCER);
		setCarrier(carrier);
		setRemoteServiceName("nats");
	}

	/** Writes one trace header into the carrier. */
	@FunctionalInterface
	interface HeaderWriter<C> {

		void write(C carrier, String key, String value);

	}

}
