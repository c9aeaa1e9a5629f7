package io.windshift.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.nats.client.impl.Headers;
import io.windshift.test.proto.OrderCreated;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class OutgoingEventTests {

	private static final OrderCreated ORDER = OrderCreated.newBuilder().setOrderId("o-1").build();

	@ParameterizedTest
	@ValueSource(strings = { "orders", "orders.created", "a.b.c.d", "orders.v1-created_x", "ÄÖ.ü" })
	void acceptsValidSubjects(String subject) {
		assertThat(OutgoingEvent.of(subject, ORDER).subject()).isEqualTo(subject);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", ".", "orders.", ".orders", "orders..created", "orders.*", "orders.>", "*", ">",
			"orders created", "orders.\tx", "orders.cr*ated" })
	void rejectsInvalidSubjectsNamingThem(String subject) {
		assertThatIllegalArgumentException().isThrownBy(() -> OutgoingEvent.of(subject, ORDER))
			.withMessageContaining(subject.isEmpty() ? "subject must not be empty" : "'" + subject + "'");
	}

	@Test
	void rejectsNullSubjectAndData() {
		assertThatIllegalArgumentException().isThrownBy(() -> OutgoingEvent.of(null, ORDER))
			.withMessageContaining("subject");
		assertThatIllegalArgumentException().isThrownBy(() -> OutgoingEvent.of("orders.created", null))
			.withMessageContaining("data")
			.withMessageContaining("orders.created");
	}

	@Test
	void rejectsHeadersWindshiftSets() {
		for (String name : List.of("WS-Data-Type", "WS-Published-Time", "Nats-Msg-Id", "Nats-Expected-Last-Sequence",
				"Nats-Expected-Last-Subject-Sequence")) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> OutgoingEvent.builder("orders.created", ORDER).header(name, "x"))
				.withMessageContaining(name);
		}
		assertThatIllegalArgumentException()
			.isThrownBy(() -> OutgoingEvent.builder("orders.created", ORDER).header("bad name", "x"))
			.withMessageContaining("bad name");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> OutgoingEvent.builder("orders.created", ORDER).header("k", "a\r\nInjected: 1"))
			.withMessageContaining("'k'");
	}

	@Test
	void rejectsNegativeExpectedIdsAndEmptyKeys() {
		OutgoingEvent.Builder builder = OutgoingEvent.builder("orders.created", ORDER);
		assertThatIllegalArgumentException().isThrownBy(() -> builder.expectedLastId(-1))
			.withMessageContaining("expectedLastId");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.expectedLastSubjectId(-2))
			.withMessageContaining("expectedLastSubjectId");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.idempotencyKey(""))
			.withMessageContaining("idempotencyKey");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> builder.occurredAt(Instant.parse("+12000-01-01T00:00:00Z")))
			.withMessageContaining("occurredAt");
	}

	@Test
	void buildsWireHeadersInOnePlace() {
		Instant at = Instant.parse("2026-11-27T20:25:37.123400Z");
		OutgoingEvent event = OutgoingEvent.builder("orders.created", ORDER)
			.occurredAt(at)
			.idempotencyKey("order-123")
			.expectedLastId(41)
			.expectedLastSubjectId(7)
			.header("b", "1")
			.header("a", "2")
			.header("b", "3")
			.build();
		OutgoingHeadersCustomizer hook = (e, headers) -> headers.put("X-Hook", e.subject());
		Headers headers = new OutgoingMessageFactory(List.of(hook)).headers(event);
		assertThat(headers.get("WS-Data-Type")).containsExactly("windshift.test.v1.OrderCreated");
		assertThat(headers.get("WS-Published-Time")).containsExactly("2026-11-27T20:25:37.1234Z");
		assertThat(headers.get("Nats-Msg-Id")).containsExactly("order-123");
		assertThat(headers.get("Nats-Expected-Last-Sequence")).containsExactly("41");
		assertThat(headers.get("Nats-Expected-Last-Subject-Sequence")).containsExactly("7");
		assertThat(headers.get("b")).containsExactly("1", "3");
		assertThat(headers.get("a")).containsExactly("2");
		assertThat(headers.get("X-Hook")).containsExactly("orders.created");
		assertThat(event.headers()).containsExactly(Map.entry("b", List.of("1", "3")), Map.entry("a", List.of("2")));
	}

	@Test
	void leavesOptionalHeadersOutWhenNotGiven() {
		Headers headers = new OutgoingMessageFactory(List.of()).headers(OutgoingEvent.of("orders.created", ORDER));
		assertThat(headers.keySet()).containsExactlyInAnyOrder("WS-Data-Type", "WS-Published-Time");
	}

}
