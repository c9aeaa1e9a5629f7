package io.windshift.events;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.List;

import io.windshift.test.proto.OrderCreated;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link OutgoingEvent#withIdempotencyKey}: a copy that differs in the key only
 * (forwarding derives keys this way), compared field by field (a field added later is
 * compared too; set it in the original to cover it).
 */
class OutgoingEventIdempotencyKeyTests {

	@Test
	void theCopyDiffersInTheKeyOnly() throws Exception {
		OutgoingEvent original = OutgoingEvent
			.builder("orders.created", OrderCreated.newBuilder().setOrderId("1").build())
			.occurredAt(Instant.parse("2026-01-02T03:04:05Z"))
			.expectedLastId(4)
			.expectedLastSubjectId(3)
			.header("tenant", "acme")
			.build();
		OutgoingEvent keyed = original.withIdempotencyKey("orders:7:shipper");
		assertThat(keyed.idempotencyKey()).isEqualTo("orders:7:shipper");
		assertThat(original.idempotencyKey()).isNull();
		List<String> compared = new java.util.ArrayList<>();
		for (Field field : OutgoingEvent.class.getDeclaredFields()) {
			if (Modifier.isStatic(field.getModifiers()) || field.getName().equals("idempotencyKey")) {
				continue;
			}
			field.setAccessible(true);
			assertThat(field.get(keyed)).as(field.getName()).isEqualTo(field.get(original));
			compared.add(field.getName());
		}
		assertThat(compared).contains("subject", "data", "occurredAt", "headers");
	}

	@Test
	void aKeyWithALineBreakOrNothingInItIsRefused() {
		OutgoingEvent event = OutgoingEvent.of("orders.created", OrderCreated.getDefaultInstance());
		assertThatIllegalArgumentException().isThrownBy(() -> event.withIdempotencyKey("a\nb"));
		assertThatIllegalArgumentException().isThrownBy(() -> event.withIdempotencyKey(" "));
	}

}
