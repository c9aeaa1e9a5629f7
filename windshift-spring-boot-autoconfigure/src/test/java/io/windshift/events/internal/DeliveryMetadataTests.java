package io.windshift.events.internal;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link DeliveryMetadata} (the listener tests check it against real
 * deliveries).
 */
class DeliveryMetadataTests {

	@ParameterizedTest
	@ValueSource(strings = { "$JS.ACK.orders.billing.3.1042.977.1764201600123456789.12",
			"$JS.ACK._.ACCHASH.orders.billing.3.1042.977.1764201600123456789.12",
			"$JS.ACK.hub.ACCHASH.orders.billing.3.1042.977.1764201600123456789.12.r4nd0m" })
	void readsBothReplySubjectForms(String replyTo) {
		DeliveryMetadata metadata = DeliveryMetadata.parse(replyTo);
		assertThat(metadata.stream()).isEqualTo("orders");
		assertThat(metadata.consumer()).isEqualTo("billing");
		assertThat(metadata.deliveredCount()).isEqualTo(3);
		assertThat(metadata.streamSequence()).isEqualTo(1042);
		assertThat(metadata.consumerSequence()).isEqualTo(977);
		assertThat(metadata.pendingCount()).isEqualTo(12);
		assertThat(metadata.timestampNanos()).isEqualTo(1764201600123456789L);
		assertThat(metadata.timestamp()).isEqualTo(Instant.parse("2025-11-27T00:00:00.123456789Z"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "$JS.ACK.orders.billing.3.1042.977.1764201600123456789.12",
			"$JS.ACK._.ACCHASH.orders.billing.3.1042.977.1764201600123456789.12",
			"$JS.ACK.hub.ACCHASH.orders.billing.3.1042.977.1764201600123456789.12.r4nd0m" })
	void readsTheDeliveryAttemptAloneFromBothForms(String replyTo) {
		assertThat(DeliveryMetadata.deliveredCount(replyTo)).isEqualTo(3);
	}

	@ParameterizedTest
	@ValueSource(strings = { "$JS.ACK.orders.billing.3.1042.977.1764201600123456789.12",
			"$JS.ACK._.ACCHASH.orders.billing.3.1042.977.1764201600123456789.12",
			"$JS.ACK.hub.ACCHASH.orders.billing.3.1042.977.1764201600123456789.12.r4nd0m" })
	void readsTheConsumerSequenceAloneFromBothForms(String replyTo) {
		assertThat(DeliveryMetadata.consumerSequence(replyTo)).isEqualTo(977);
		assertThatIllegalArgumentException().isThrownBy(() -> DeliveryMetadata.consumerSequence("_INBOX.abc"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "$JS.ACK.orders.billing.3.1042.977.1764201600123456789.12",
			"$JS.ACK._.ACCHASH.orders.billing.3.1042.977.1764201600123456789.12",
			"$JS.ACK.hub.ACCHASH.orders.billing.3.1042.977.1764201600123456789.12.r4nd0m" })
	void readsTheStreamSequenceAloneAndComparesTheNamesInPlaceInBothForms(String replyTo) {
		assertThat(DeliveryMetadata.streamSequence(replyTo)).isEqualTo(1042);
		assertThat(DeliveryMetadata.isFrom(replyTo, "orders", "billing")).isTrue();
		assertThat(DeliveryMetadata.isFrom(replyTo, "order", "billing")).isFalse();
		assertThat(DeliveryMetadata.isFrom(replyTo, "orders", "bill")).isFalse();
		assertThat(DeliveryMetadata.isFrom(replyTo, "orders", "billing2")).isFalse();
		assertThat(DeliveryMetadata.isFrom(replyTo, "orders.billing", "3")).isFalse();
		assertThat(DeliveryMetadata.isFrom(replyTo, "billing", "orders")).isFalse();
	}

	@Test
	void comparesNoNamesWithWhatIsNotAJetStreamDelivery() {
		assertThat(DeliveryMetadata.isFrom(null, "orders", "billing")).isFalse();
		assertThat(DeliveryMetadata.isFrom("_INBOX.orders.billing", "orders", "billing")).isFalse();
		assertThat(DeliveryMetadata.isFrom("$JS.ACK.orders.billing", "orders", "billing")).isFalse();
		assertThat(DeliveryMetadata.isFrom("$JS.ACK.orders", "orders", "billing")).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> DeliveryMetadata.streamSequence("$JS.ACK.a.b.c"));
	}

	@Test
	void refusesToReadTheAttemptOfWhatIsNotAJetStreamDelivery() {
		assertThatIllegalArgumentException().isThrownBy(() -> DeliveryMetadata.deliveredCount("_INBOX.abc"));
		assertThatIllegalArgumentException().isThrownBy(() -> DeliveryMetadata.deliveredCount("$JS.ACK.a.b.c"));
		assertThatIllegalArgumentException().isThrownBy(
				() -> DeliveryMetadata.deliveredCount("$JS.ACK.orders.billing.x.1042.977.1764201600123456789.12"));
		assertThatIllegalArgumentException().isThrownBy(() -> DeliveryMetadata.deliveredCount(null));
	}

	@Test
	void refusesWhatIsNotAJetStreamDelivery() {
		assertThatIllegalArgumentException().isThrownBy(() -> DeliveryMetadata.parse("_INBOX.abc"))
			.withMessageContaining("_INBOX.abc");
		assertThatIllegalArgumentException().isThrownBy(() -> DeliveryMetadata.parse("$JS.ACK.a.b.c"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> DeliveryMetadata.parse("$JS.ACK.orders.billing.x.1042.977.1764201600123456789.12"));
		assertThatIllegalArgumentException().isThrownBy(() -> DeliveryMetadata.parse(null));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> DeliveryMetadata.parse("$JS.ACK.orders.billing.3.1042.977.9999999999999999999.12"));
	}

}
