package io.windshift.observation;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.common.KeyValue;

import io.micrometer.observation.Observation;
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
		List<Observation.Context> stopped = new ArrayList<>();
		PublishObservation observation = new PublishObservations(StoppedContexts.registry(stopped), null,
				new TraceHeaders(false))
			.start(new Headers(), "orders.created", "orders.v1.OrderCreated", "key-1");
		observation.published("orders", 7, true);
		observation.published("orders", 8, false);
		observation.failed(new IllegalStateException("late"));
		assertThat(stopped).hasSize(1);
		PublishObservationContext publish = (PublishObservationContext) stopped.get(0);
		assertThat(publish.getStream()).isEqualTo("orders");
		assertThat(publish.getId()).isEqualTo(7L);
		assertThat(publish.getDuplicate()).isTrue();
		assertThat(publish.getError()).isNull();
		assertThat(publish.getLowCardinalityKeyValue("windshift.outcome").getValue()).isEqualTo("duplicate");
	}

	@Test
	void aBatchObservationEndsOnceWithTheKeyValuesOfAPublish() {
		List<Observation.Context> stopped = new ArrayList<>();
		ObservationRegistry registry = StoppedContexts.registry(stopped);
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
		ObservationRegistry registry = StoppedContexts.registry(stopped);
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

}
