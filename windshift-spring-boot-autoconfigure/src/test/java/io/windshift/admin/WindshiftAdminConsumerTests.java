package io.windshift.admin;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.PriorityPolicy;
import io.windshift.consumers.ConsumerDefinition;
import io.windshift.streams.StreamDefinition;
import io.windshift.streams.StreamPointer;
import io.windshift.test.NatsServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link WindshiftAdmin} against a real server: every consumer option, read back, updates
 * and refusals.
 */
class WindshiftAdminConsumerTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create();

	private static WindshiftAdmin admin;

	@BeforeAll
	static void start() throws Exception {
		admin = new WindshiftAdmin(nats.connection());
		admin.ensureStream(StreamDefinition.builder("orders").subjects("orders.>").build());
		for (int i = 0; i < 3; i++) {
			nats.connection().jetStream().publish("orders.created", "e".getBytes(StandardCharsets.UTF_8));
		}
	}

	@Test
	void createsDurableWithEveryOptionAndLeavesItAloneWhenEnsuredAgain() {
		ConsumerDefinition definition = ConsumerDefinition.builder("orders")
			.name("every")
			.subjects("orders.created", "orders.updated")
			.processingTimeout(Duration.ofSeconds(10))
			.consumeFrom(StreamPointer.atId(2))
			.maxDeliveryAttempts(5)
			.maxPendingEvents(7)
			.redeliveryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5))
			.inactiveThreshold(Duration.ofHours(2))
			.description("every option")
			.build();
		ConsumerInfo created = admin.ensureConsumer(definition);
		ConsumerConfiguration config = admin.consumerInfo("orders", "every").orElseThrow().getConsumerConfiguration();
		assertThat(config.getDurable()).isEqualTo("every");
		assertThat(config.getAckPolicy()).isEqualTo(AckPolicy.Explicit);
		assertThat(config.getFilterSubjects()).containsExactly("orders.created", "orders.updated");
		assertThat(config.getDeliverPolicy()).isEqualTo(DeliverPolicy.ByStartSequence);
		assertThat(config.getStartSequence()).isEqualTo(2);
		assertThat(config.getMaxDeliver()).isEqualTo(5);
		assertThat(config.getMaxAckPending()).isEqualTo(7);
		assertThat(config.getBackoff()).containsExactly(Duration.ofSeconds(11), Duration.ofSeconds(15));
		assertThat(config.getAckWait()).isEqualTo(Duration.ofSeconds(11));
		assertThat(config.getInactiveThreshold()).isEqualTo(Duration.ofHours(2));
		assertThat(config.getDescription()).isEqualTo("every option");
		assertThat(ConsumerDiff.between("orders", config, definition.toConsumerConfiguration()).changes()).isEmpty();
		ConsumerInfo again = admin.ensureConsumer(definition);
		assertThat(again.getCreationTime()).isEqualTo(created.getCreationTime());
	}

	@Test
	void defaultsReadBackFromTheServer() {
		admin.ensureConsumer(ConsumerDefinition.builder("orders").name("plain").build());
		ConsumerConfiguration config = admin.consumerInfo("orders", "plain").orElseThrow().getConsumerConfiguration();
		assertThat(config.getAckWait()).isEqualTo(Duration.ofSeconds(30));
		assertThat(config.getDeliverPolicy()).isEqualTo(DeliverPolicy.New);
		assertThat(config.getMaxAckPending()).isEqualTo(50);
		assertThat(config.getMaxDeliver()).isEqualTo(-1);
		assertThat(config.getInactiveThreshold()).isNull();
	}

	@Test
	void consumesFromEachPointer() {
		assertThat(pending("from-start", StreamPointer.atStart())).isEqualTo(3);
		assertThat(pending("from-end", StreamPointer.atEnd())).isEqualTo(1);
		assertThat(pending("from-new", StreamPointer.onlyNew())).isZero();
		assertThat(pending("from-id", StreamPointer.atId(3))).isEqualTo(1);
		assertThat(pending("from-time", StreamPointer.atTime(Instant.now().plusSeconds(3600)))).isZero();
	}

	private long pending(String name, StreamPointer pointer) {
		return admin.ensureConsumer(ConsumerDefinition.builder("orders").name(name).consumeFrom(pointer).build())
			.getNumPending();
	}

	@Test
	void updatesChangedSettingsButKeepsThePositionOfAnExistingDurable() {
		admin.ensureConsumer(ConsumerDefinition.builder("orders").name("evolving").subjects("orders.created").build());
		ConsumerDefinition changed = ConsumerDefinition.builder("orders")
			.name("evolving")
			.subjects("orders.created", "orders.shipped")
			.processingTimeout(Duration.ofSeconds(45))
			.maxPendingEvents(5)
			.maxDeliveryAttempts(3)
			.consumeFrom(StreamPointer.atStart())
			.build();
		admin.ensureConsumer(changed);
		ConsumerConfiguration config = admin.consumerInfo("orders", "evolving")
			.orElseThrow()
			.getConsumerConfiguration();
		assertThat(config.getFilterSubjects()).containsExactly("orders.created", "orders.shipped");
		assertThat(config.getAckWait()).isEqualTo(Duration.ofSeconds(45));
		assertThat(config.getMaxAckPending()).isEqualTo(5);
		assertThat(config.getMaxDeliver()).isEqualTo(3);
		assertThat(config.getDeliverPolicy()).isEqualTo(DeliverPolicy.New);
	}

	@Test
	void addsAnOrderedListenersPinnedClientGroupToAConsumerCreatedWithoutIt() {
		ConsumerDefinition plain = ConsumerDefinition.builder("orders").name("before-order-by").build();
		admin.ensureConsumer(plain);
		admin.ensureConsumer(plain.toBuilder().pinnedClientGroup("windshift").build());
		ConsumerConfiguration config = admin.consumerInfo("orders", "before-order-by")
			.orElseThrow()
			.getConsumerConfiguration();
		assertThat(config.getPriorityPolicy()).isEqualTo(PriorityPolicy.PinnedClient);
		assertThat(config.getPriorityGroups()).containsExactly("windshift");
		assertThat(config.getPriorityTimeout()).isEqualTo(Duration.ofSeconds(45));
		// declared again without it (elsewhere): it stays
		admin.ensureConsumer(plain);
		assertThat(admin.consumerInfo("orders", "before-order-by")
			.orElseThrow()
			.getConsumerConfiguration()
			.getPriorityGroups()).containsExactly("windshift");
	}

	@Test
	void createsEphemeralConsumersThatExpireAfterAnHourByDefault() {
		ConsumerInfo first = admin
			.ensureConsumer(ConsumerDefinition.builder("orders").subjects("orders.created").build());
		ConsumerInfo second = admin.ensureConsumer(ConsumerDefinition.builder("orders").build());
		assertThat(first.getName()).isNotEqualTo(second.getName());
		assertThat(first.getConsumerConfiguration().getDurable()).isNull();
		assertThat(first.getConsumerConfiguration().getInactiveThreshold()).isEqualTo(Duration.ofHours(1));
		ConsumerInfo shortLived = admin
			.ensureConsumer(ConsumerDefinition.builder("orders").inactiveThreshold(Duration.ofMinutes(5)).build());
		assertThat(shortLived.getConsumerConfiguration().getInactiveThreshold()).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void deletesConsumers() {
		admin.ensureConsumer(ConsumerDefinition.builder("orders").name("doomed").build());
		assertThat(admin.consumerInfo("orders", "doomed")).isPresent();
		admin.deleteConsumer("orders", "doomed");
		assertThat(admin.consumerInfo("orders", "doomed")).isEmpty();
		admin.deleteConsumer("orders", "doomed");
	}

	@Test
	void failsClearlyWhenTheStreamIsMissing() {
		assertThatExceptionOfType(DeclarationException.class)
			.isThrownBy(() -> admin.ensureConsumer(ConsumerDefinition.builder("nowhere").name("lost").build()))
			.withMessageContaining("consumer 'lost' of stream 'nowhere'")
			.withMessageContaining("stream 'nowhere' does not exist")
			.withMessageContaining("windshift.streams.nowhere");
		assertThat(admin.consumerInfo("nowhere", "lost")).isEmpty();
	}

	@Test
	void failsClearlyOnAConsumerThatIsNotAPullConsumerWithExplicitAcks() throws Exception {
		nats.connection()
			.jetStreamManagement()
			.addOrUpdateConsumer("orders",
					ConsumerConfiguration.builder().durable("foreign").ackPolicy(AckPolicy.None).build());
		assertThatExceptionOfType(DeclarationException.class)
			.isThrownBy(() -> admin.ensureConsumer(ConsumerDefinition.builder("orders").name("foreign").build()))
			.withMessageContaining("consumer 'foreign' of stream 'orders'")
			.withMessageContaining("ackPolicy from none to explicit");
	}

}
