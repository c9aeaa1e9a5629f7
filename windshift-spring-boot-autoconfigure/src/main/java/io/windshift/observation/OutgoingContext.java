package io.windshift.observation;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.Propagator;
import io.micrometer.observation.transport.SenderContext;

/**
 * What the contexts of publish observations share: a producer's context towards NATS
 * whose trace context is written into the outgoing headers.
 *
 * @param <C> the carrier: the headers of one event or of a batch
 */
abstract class OutgoingContext<C> extends SenderContext<C> {

	/**
	 * @param carrier the headers the trace context goes into
	 * @param setter how it goes there (one per {@link TraceHeaders}, not per event)
	 */
	OutgoingContext(C carrier, Propagator.Setter<C> setter) {
		super(setter, Kind.PRODUCER);
		setCarrier(carrier);
		setRemoteServiceName("nats");
	}

}
