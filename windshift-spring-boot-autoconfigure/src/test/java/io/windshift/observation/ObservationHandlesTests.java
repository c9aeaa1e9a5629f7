package io.windshift.observation;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.nats.client.impl.Headers;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Observation handles: nothing is made when observation is off, and an observation ends
 * exactly once.
 */
class ObservationHandlesTests {

	@Test
	void aNoopOrHandlerlessRegistryMakesNothing() {
		Headers headers = new Headers();
		assertThat(new PublishObservations(ObservationRegistry.NOOP, null, new TraceHeaders(true)).start(headers,
				"orders.created", "t", null))
			.isSameAs(PublishObservation.none());
		assertThat(new PublishObservations(ObservationRegistry.create(), null, new TraceHeaders(true)).isEnabled())
			.isFalse();
		assertThat(PublishObservations.DISABLED.isEnabled()).isFalse();
		assertThat(ListenerObservations.DISABLED.isEnabled()).isFalse();
		assertThat(headers.isEmpty()).isTrue();
		PublishObservation.none().published("orders", 1, false);
		PublishObservation.none().failed(new IllegalStateException());
		ListenerObservation.none().end("ack");
		assertThat(ListenerObservation.none().openScope()).isSameAs(Observation.Scope.NOOP);
	}

	@Test
	void aPublishObservationEndsOnceWithWhatHappened() {
		AtomicInteger stops = new AtomicInteger();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<>() {
			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

			@Override
			public void onStop(Observation.Context context) {
				stops.incrementAndGet();
				PublishObservationContext publish = (PublishObservationContext) context;
				assertThat(publish.getStream()).isEqualTo("orders");
				assertThat(publish.getId()).isEqualTo(7L);
				assertThat(publish.getDuplicate()).isTrue();
				assertThat(publish.getLowCardinalityKeyValue("windshift.outcome").getValue()).isEqualTo("duplicate");
			}
		});
		PublishObservation observation = new PublishObservations(registry, null, new TraceHeaders(false))
			.start(new Headers(), "orders.created", "orders.v1.OrderCreated", "key-1");
		observation.published("orders", 7, true);
		observation.published("orders", 8, false);
		observation.failed(new IllegalStateException("late"));
		assertThat(stops).hasValue(1);
	}

}
