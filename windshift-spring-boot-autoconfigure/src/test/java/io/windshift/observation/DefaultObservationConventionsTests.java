package io.windshift.observation;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.windshift.observation.WindshiftObservation.Keys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default conventions make their names and key values once per listener, stream or
 * subject: what they cache must still be what each observation is about.
 */
class DefaultObservationConventionsTests {

	@Test
	void eachListenerObservationKeepsItsOwnKeyValuesAndName() {
		List<Observation.Context> stopped = new ArrayList<>();
		ListenerObservations observations = new ListenerObservations(StoppedContexts.registry(stopped), null);
		observe(observations, "audit", "orders", "audit-consumer", "orders.created", 7, 1, "ack");
		observe(observations, "audit", "orders", "audit-consumer", "orders.shipped", 8, 20, "reject");
		// the same listener id bound to another stream and consumer (a new binding)
		observe(observations, "audit", "payments", "pay-consumer", "payments.taken", 9, 2, "dead-letter");
		assertThat(stopped).hasSize(3);
		ListenerObservationContext first = (ListenerObservationContext) stopped.get(0);
		assertThat(first.getContextualName()).isEqualTo("process orders");
		assertThat(first.getHighCardinalityKeyValues()).containsExactlyInAnyOrder(
				KeyValue.of(Keys.DESTINATION, "orders.created"), KeyValue.of(Keys.MESSAGE_ID, "7"),
				KeyValue.of(Keys.DELIVERY_ATTEMPT, "1"));
		assertThat(first.getLowCardinalityKeyValue(Keys.OUTCOME.asString()).getValue()).isEqualTo("ack");
		ListenerObservationContext second = (ListenerObservationContext) stopped.get(1);
		assertThat(second.getHighCardinalityKeyValues()).containsExactlyInAnyOrder(
				KeyValue.of(Keys.DESTINATION, "orders.shipped"), KeyValue.of(Keys.MESSAGE_ID, "8"),
				KeyValue.of(Keys.DELIVERY_ATTEMPT, "20"));
		assertThat(second.getLowCardinalityKeyValue(Keys.OUTCOME.asString()).getValue()).isEqualTo("reject");
		ListenerObservationContext rebound = (ListenerObservationContext) stopped.get(2);
		assertThat(rebound.getContextualName()).isEqualTo("process payments");
		assertThat(rebound.getLowCardinalityKeyValues()).containsExactlyInAnyOrder(KeyValue.of(Keys.SYSTEM, "nats"),
				KeyValue.of(Keys.OPERATION_TYPE, "process"), KeyValue.of(Keys.OPERATION_NAME, "process"),
				KeyValue.of(Keys.STREAM, "payments"), KeyValue.of(Keys.CONSUMER, "pay-consumer"),
				KeyValue.of(Keys.LISTENER, "audit"), KeyValue.of(Keys.OUTCOME, "dead-letter"));
		assertThat(rebound.getHighCardinalityKeyValue(Keys.DELIVERY_ATTEMPT.asString()).getValue()).isEqualTo("2");
	}

	@Test
	void eachPublishObservationNamesItsSubjectAndGainsItsIdOnTheAnswer() {
		List<Observation.Context> started = new ArrayList<>();
		List<Observation.Context> stopped = new ArrayList<>();
		ObservationRegistry registry = StoppedContexts.registry(stopped);
		registry.observationConfig().observationHandler(new StartedContexts(started));
		PublishObservations observations = new PublishObservations(registry, null, new TraceHeaders(false));
		observations.start(new Headers(), "orders.created", "orders.v1.OrderCreated", null)
			.published("orders", 11, false);
		observations.start(new Headers(), "orders.shipped", "orders.v1.OrderShipped", null)
			.published("orders", 12, false);
		assertThat(started).hasSize(2);
		assertThat(stopped).hasSize(2);
		PublishObservationContext first = (PublishObservationContext) stopped.get(0);
		assertThat(first.getContextualName()).isEqualTo("publish orders.created");
		assertThat(first.getHighCardinalityKeyValues()).containsExactlyInAnyOrder(
				KeyValue.of(Keys.DESTINATION, "orders.created"), KeyValue.of(Keys.DATA_TYPE, "orders.v1.OrderCreated"),
				KeyValue.of(Keys.MESSAGE_ID, "11"));
		PublishObservationContext second = (PublishObservationContext) stopped.get(1);
		assertThat(second.getContextualName()).isEqualTo("publish orders.shipped");
		assertThat(second.getHighCardinalityKeyValues()).containsExactlyInAnyOrder(
				KeyValue.of(Keys.DESTINATION, "orders.shipped"), KeyValue.of(Keys.DATA_TYPE, "orders.v1.OrderShipped"),
				KeyValue.of(Keys.MESSAGE_ID, "12"));
	}

	private static void observe(ListenerObservations observations, String listenerId, String stream, String consumer,
			String subject, long id, long attempt, String outcome) {
		ListenerObservation observation = observations.start(NatsMessage.builder().subject(subject).build(), listenerId,
				stream, consumer, id, attempt);
		observation.end(outcome);
	}

	/**
	 * Checks, as each observation starts, that no message id is known before the answer.
	 */
	private static final class StartedContexts
			implements io.micrometer.observation.ObservationHandler<PublishObservationContext> {

		private final List<Observation.Context> started;

		StartedContexts(List<Observation.Context> started) {
			this.started = started;
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof PublishObservationContext;
		}

		@Override
		public void onStart(PublishObservationContext context) {
			assertThat(context.getHighCardinalityKeyValue(Keys.MESSAGE_ID.asString())).isNull();
			assertThat(context.getHighCardinalityKeyValue(Keys.DESTINATION.asString()).getValue())
				.isEqualTo(context.getSubject());
			this.started.add(context);
		}

	}

}
