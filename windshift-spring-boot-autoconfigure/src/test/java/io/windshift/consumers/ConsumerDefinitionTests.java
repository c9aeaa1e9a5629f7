package io.windshift.consumers;

import java.time.Duration;
import java.time.Instant;

import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.windshift.streams.StreamPointer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ConsumerDefinitionTests {

	@Test
	void durableDefaults() {
		ConsumerDefinition definition = ConsumerDefinition.builder("orders").name("order-processor").build();
		assertThat(definition.stream()).isEqualTo("orders");
		assertThat(definition.name()).contains("order-processor");
		assertThat(definition.isDurable()).isTrue();
		assertThat(definition.processingTimeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(definition.maxPendingEvents()).isEqualTo(50);
		assertThat(definition.consumeFrom()).isEqualTo(StreamPointer.onlyNew());
		assertThat(definition.inactiveThreshold()).isEmpty();
		ConsumerConfiguration config = definition.toConsumerConfiguration();
		assertThat(config.getDurable()).isEqualTo("order-processor");
		assertThat(config.getAckPolicy()).isEqualTo(AckPolicy.Explicit);
		assertThat(config.getAckWait()).isEqualTo(Duration.ofSeconds(30));
		assertThat(config.getDeliverPolicy()).isEqualTo(DeliverPolicy.New);
		assertThat(config.getMaxAckPending()).isEqualTo(50);
		assertThat(config.getMaxDeliver()).isEqualTo(-1);
		assertThat(config.getInactiveThreshold()).isNull();
	}

	@Test
	void ephemeralExpiresAfterAnHourByDefault() {
		ConsumerDefinition definition = ConsumerDefinition.builder("orders").build();
		assertThat(definition.isDurable()).isFalse();
		assertThat(definition.name()).isEmpty();
		assertThat(definition.inactiveThreshold()).contains(Duration.ofHours(1));
		ConsumerConfiguration config = definition.toConsumerConfiguration();
		assertThat(config.getDurable()).isNull();
		assertThat(config.getInactiveThreshold()).isEqualTo(Duration.ofHours(1));
		assertThat(ConsumerDefinition.builder("orders")
			.inactiveThreshold(Duration.ofMinutes(5))
			.build()
			.toConsumerConfiguration()
			.getInactiveThreshold()).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void mapsEveryOption() {
		ConsumerConfiguration config = ConsumerDefinition.builder("orders")
			.name("audit")
			.subjects("orders.created", "orders.updated")
			.processingTimeout(Duration.ofSeconds(10))
			.consumeFrom(StreamPointer.atId(12))
			.maxDeliveryAttempts(5)
			.maxPendingEvents(7)
			.redeliveryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5))
			.description("audit trail")
			.build()
			.toConsumerConfiguration();
		assertThat(config.getFilterSubjects()).containsExactly("orders.created", "orders.updated");
		assertThat(config.getAckWait()).isEqualTo(Duration.ofSeconds(10));
		assertThat(config.getDeliverPolicy()).isEqualTo(DeliverPolicy.ByStartSequence);
		assertThat(config.getStartSequence()).isEqualTo(12);
		assertThat(config.getMaxDeliver()).isEqualTo(5);
		assertThat(config.getMaxAckPending()).isEqualTo(7);
		assertThat(config.getBackoff()).containsExactly(Duration.ofSeconds(11), Duration.ofSeconds(15));
		assertThat(config.getDescription()).isEqualTo("audit trail");
	}

	@Test
	void mapsPointersToDeliverPolicies() {
		assertThat(policy(StreamPointer.onlyNew())).isEqualTo(DeliverPolicy.New);
		assertThat(policy(StreamPointer.atStart())).isEqualTo(DeliverPolicy.All);
		assertThat(policy(StreamPointer.atEnd())).isEqualTo(DeliverPolicy.Last);
		assertThat(policy(StreamPointer.atId(1))).isEqualTo(DeliverPolicy.ByStartSequence);
		Instant time = Instant.parse("2026-01-01T00:00:00Z");
		ConsumerConfiguration config = ConsumerDefinition.builder("s")
			.consumeFrom(StreamPointer.atTime(time))
			.build()
			.toConsumerConfiguration();
		assertThat(config.getDeliverPolicy()).isEqualTo(DeliverPolicy.ByStartTime);
		assertThat(config.getStartTime().toInstant()).isEqualTo(time);
	}

	private DeliverPolicy policy(StreamPointer pointer) {
		return ConsumerDefinition.builder("s")
			.consumeFrom(pointer)
			.build()
			.toConsumerConfiguration()
			.getDeliverPolicy();
	}

	@Test
	void rejectsInvalidSettingsNamingConsumerAndField() {
		assertThatIllegalArgumentException().isThrownBy(() -> ConsumerDefinition.builder("orders").name("a.b"))
			.withMessageContaining("'a.b'")
			.withMessageContaining("stream 'orders'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ConsumerDefinition.builder("orders").name("c").subjects("orders.*x"))
			.withMessageContaining("'orders.*x'")
			.withMessageContaining("consumer 'c'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ConsumerDefinition.builder("orders").name("c").maxPendingEvents(0).build())
			.withMessageContaining("maxPendingEvents '0'")
			.withMessageContaining("consumer 'c' of stream 'orders'");
		assertThatIllegalArgumentException().isThrownBy(
				() -> ConsumerDefinition.builder("orders").name("c").processingTimeout(Duration.ofMillis(10)).build())
			.withMessageContaining("processingTimeout");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ConsumerDefinition.builder("orders")
				.name("c")
				.maxDeliveryAttempts(2)
				.redeliveryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(2))
				.build())
			.withMessageContaining("maxDeliveryAttempts '2'")
			.withMessageContaining("redelivery back-off");
	}

	@Test
	void toBuilderCopiesEverything() {
		ConsumerDefinition definition = ConsumerDefinition.builder("orders")
			.name("c")
			.subjects("orders.x")
			.redeliveryBackoff(Duration.ofSeconds(1))
			.build();
		assertThat(definition.toBuilder().build()).isEqualTo(definition).hasSameHashCodeAs(definition);
	}

}
