package io.windshift.observation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.common.KeyValue;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
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

	@Test
	void aBatchObservationEndsOnceWithTheKeyValuesOfAPublish() {
		List<Observation.Context> stopped = new ArrayList<>();
		ObservationRegistry registry = registryStopping(stopped);
		BatchPublishObservation batch = new PublishObservations(registry, null, new TraceHeaders(false))
			.startBatch(List.of(new Headers(), new Headers()), "orders");
		batch.failed(new IllegalStateException("refused"));
		batch.published(1, 2);
		assertThat(stopped).hasSize(1);
		BatchPublishObservationContext context = (BatchPublishObservationContext) stopped.get(0);
		assertThat(context.getFirstId()).isNull();
		assertThat(context.getError()).hasMessage("refused");
		assertThat(context.getLowCardinalityKeyValues()).containsExactlyInAnyOrder(
				KeyValue.of(WindshiftObservation.Keys.SYSTEM, "nats"),
				KeyValue.of(WindshiftObservation.Keys.OPERATION_TYPE, "send"),
				KeyValue.of(WindshiftObservation.Keys.OPERATION_NAME, "publish"),
				KeyValue.of(WindshiftObservation.Keys.STREAM, "orders"),
				KeyValue.of(WindshiftObservation.Keys.OUTCOME, "error"));
	}

	@Test
	void aListenerObservationRecordsFailuresUntilItEndsOnce() {
		List<Observation.Context> stopped = new ArrayList<>();
		ObservationRegistry registry = registryStopping(stopped);
		ListenerObservationContext context = new ListenerObservationContext(
				NatsMessage.builder().subject("orders.created").build(), "audit", "orders", "audit", "orders.created",
				3, 1);
		ListenerObservation observation = new ListenerObservation(
				Observation.start("windshift.listener", () -> context, registry), context);
		observation.failed(new IllegalStateException("first"));
		observation.end("reject");
		observation.failed(new IllegalStateException("after the end"));
		observation.end("ack");
		assertThat(observation.isEnded()).isTrue();
		assertThat(stopped).hasSize(1);
		assertThat(context.getError()).hasMessage("first");
		assertThat(context.getOutcome()).isEqualTo("reject");
	}

	private static ObservationRegistry registryStopping(List<Observation.Context> stopped) {
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
