package io.windshift.streams;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class NamingRulesTests {

	@ParameterizedTest
	@ValueSource(strings = { "orders", "ORDERS_v2", "order-processor", "a", "0_-" })
	void acceptsValidNames(String name) {
		assertThat(NamingRules.isValidName(name)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "orders.v1", "orders v1", "orders*", "orders>", "örders", "a/b", "a\tb" })
	void rejectsInvalidNamesQuotingValueAndRule(String name) {
		assertThatIllegalArgumentException().isThrownBy(() -> NamingRules.requireValidName("stream name", name))
			.withMessageContaining("'" + name + "'")
			.withMessageContaining(NamingRules.NAME_RULE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "orders", "orders.created", "orders.*", "orders.>", "*.created", ">", "orders.*.x.>",
			"a-b_c.d$e" })
	void acceptsValidSubjects(String subject) {
		assertThat(NamingRules.isValidSubject(subject)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", ".", "orders.", ".orders", "orders..created", "orders.>.x", "orders*", "orders.cr*",
			"orders.>>", "orders created", "orders.\tx", ">.a" })
	void rejectsInvalidSubjectsQuotingValueAndRule(String subject) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> NamingRules.requireValidSubject("subject of stream 'orders'", subject))
			.withMessageContaining("'" + subject + "'")
			.withMessageContaining("stream 'orders'")
			.withMessageContaining(NamingRules.SUBJECT_RULE);
	}

}
