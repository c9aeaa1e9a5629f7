package io.windshift.admin;

import java.time.Duration;

import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.windshift.consumers.ConsumerDefinition;
import io.windshift.streams.StreamPointer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ConsumerDiffTests {

	private static final ConsumerDefinition BASE = ConsumerDefinition.builder("orders")
		.name("c")
		.subjects("orders.a")
		.build();

	private static ConsumerDiff diff(ConsumerDefinition current, ConsumerDefinition declared) {
		return ConsumerDiff.between("orders", current.toConsumerConfiguration(), declared.toConsumerConfiguration());
	}

	@Test
	void noChangesForTheSameDefinition() {
		assertThat(diff(BASE, BASE).changes()).isEmpty();
		assertThat(diff(BASE, BASE).needsUpdate()).isFalse();
	}

	@Test
	void everyDeclaredSettingCanBeUpdated() {
		ConsumerDefinition changed = BASE.toBuilder()
			.subjects("orders.b")
			.processingTimeout(Duration.ofSeconds(5))
			.maxDeliveryAttempts(4)
			.maxPendingEvents(9)
			.redeliveryBackoff(Duration.ofSeconds(1))
			.inactiveThreshold(Duration.ofHours(3))
			.description("x")
			.build();
		ConsumerDiff diff = diff(BASE, changed);
		assertThat(diff.changes()).extracting(Change::field)
			.containsExactly("processingTimeout", "redeliveryBackoff", "maxDeliveryAttempts", "maxPendingEvents",
					"subjects", "inactiveThreshold", "description");
		assertThat(diff.changes()).allMatch((change) -> change.kind() == Change.Kind.SAFE);
		assertThat(diff.needsUpdate()).isTrue();
	}

	@Test
	void aPinnedClientGroupIsAddedToAConsumerWithoutItButNeverTakenAway() {
		ConsumerDefinition ordered = BASE.toBuilder().pinnedClientGroup("windshift").build();
		ConsumerDiff added = diff(BASE, ordered);
		assertThat(added.changes()).hasSize(1);
		Change change = added.changes().get(0);
		assertThat(change.field()).isEqualTo("pinnedClientGroup");
		assertThat(change.current()).isEqualTo("none");
		assertThat(change.declared()).startsWith("windshift (pin timeout ");
		assertThat(change.kind()).isEqualTo(Change.Kind.SAFE);
		assertThat(added.needsUpdate()).isTrue();
		assertThat(diff(ordered, ordered).changes()).isEmpty();
		// declared elsewhere without it (a ConsumerDefinition bean an ordered listener
		// reads): left alone
		assertThat(diff(ordered, BASE).changes()).isEmpty();
		ConsumerDiff longer = diff(ordered, ordered.toBuilder().processingTimeout(Duration.ofMinutes(1)).build());
		assertThat(longer.changes()).extracting(Change::field)
			.containsExactly("processingTimeout", "pinnedClientGroup");
	}

	@Test
	void thePositionIsKeptNotChanged() {
		ConsumerDiff diff = diff(BASE, BASE.toBuilder().consumeFrom(StreamPointer.atStart()).build());
		assertThat(diff.changes()).containsExactly(new Change("consumeFrom", "new", "start", Change.Kind.KEPT));
		assertThat(diff.needsUpdate()).isFalse();
	}

	@Test
	void withABackoffTheServersAckWaitIsItsFirstStep() {
		ConsumerDefinition declared = BASE.toBuilder().redeliveryBackoff(Duration.ofSeconds(5)).build();
		ConsumerConfiguration server = ConsumerConfiguration.builder(declared.toConsumerConfiguration())
			.ackWait(Duration.ofSeconds(35))
			.build();
		assertThat(ConsumerDiff.between("orders", server, declared.toConsumerConfiguration()).changes()).isEmpty();
	}

	@Test
	void aConsumerWithoutExplicitAcksCannotBeTakenOver() {
		ConsumerConfiguration server = ConsumerConfiguration.builder(BASE.toConsumerConfiguration())
			.ackPolicy(AckPolicy.All)
			.build();
		ConsumerDiff diff = ConsumerDiff.between("orders", server, BASE.toConsumerConfiguration());
		assertThatExceptionOfType(DeclarationException.class).isThrownBy(diff::requireApplicable)
			.withMessageContaining("consumer 'c' of stream 'orders'")
			.withMessageContaining("ackPolicy from all to explicit");
	}

}
