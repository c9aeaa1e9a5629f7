package io.windshift.listener;

import io.nats.client.Connection;
import io.windshift.admin.WindshiftAdmin;
import io.windshift.consumers.ConsumerDefinition;
import io.windshift.events.PermissionViolations;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for how {@link ListenerConsumer} tells a denied JetStream API request of its
 * consumer from a timeout.
 */
class ListenerConsumerPermissionTests {

	private final PermissionViolations violations = new PermissionViolations();

	@Test
	void aDurableConsumerSeesViolationsOnItsOwnApiSubjectsOnly() {
		ListenerConsumer consumer = consumer(ConsumerDefinition.builder("ledger").name("worker").build());
		long start = System.nanoTime();
		assertThat(consumer.denial(start)).isNull();
		deny("$JS.API.CONSUMER.INFO.ledger.other");
		deny("$JS.API.CONSUMER.INFO.orders.worker");
		deny("ledger.worker");
		assertThat(consumer.denial(start)).isNull();
		deny("$JS.API.CONSUMER.MSG.NEXT.ledger.worker");
		assertThat(consumer.denial(start)).isEqualTo("permission denied: the NATS user may not use subject "
				+ "'$JS.API.CONSUMER.MSG.NEXT.ledger.worker' (server: Permissions Violation for Publish to "
				+ "\"$JS.API.CONSUMER.MSG.NEXT.ledger.worker\")");
		assertThat(consumer.denial(System.nanoTime() + 1)).isNull();
	}

	@Test
	void streamLookupsAndDomainPrefixesCount() {
		ListenerConsumer consumer = consumer(ConsumerDefinition.builder("ledger").name("worker").build());
		long start = System.nanoTime();
		deny("$JS.hub.API.STREAM.INFO.ledger");
		assertThat(consumer.denial(start)).contains("$JS.hub.API.STREAM.INFO.ledger");
	}

	@Test
	void anEphemeralConsumerSeesViolationsOnItsStreamsConsumerApi() {
		ListenerConsumer consumer = consumer(ConsumerDefinition.builder("ledger").build());
		long start = System.nanoTime();
		deny("$JS.API.CONSUMER.CREATE.orders");
		assertThat(consumer.denial(start)).isNull();
		deny("$JS.API.CONSUMER.CREATE.ledger");
		assertThat(consumer.denial(start)).contains("$JS.API.CONSUMER.CREATE.ledger");
	}

	@Test
	void withoutViolationsNothingIsDenied() {
		ListenerConsumer consumer = new ListenerConsumer(connection(), admin(),
				ConsumerDefinition.builder("ledger").name("worker").build(), false, null);
		deny("$JS.API.CONSUMER.INFO.ledger.worker");
		assertThat(consumer.denial(Long.MIN_VALUE)).isNull();
	}

	private void deny(String subject) {
		this.violations.record("'Permissions Violation for Publish to \"" + subject + "\"'");
	}

	private ListenerConsumer consumer(ConsumerDefinition definition) {
		return new ListenerConsumer(connection(), admin(), definition, false, this.violations);
	}

	// neither is used to tell a denial
	@SuppressWarnings("NullAway")
	private static Connection connection() {
		return null;
	}

	@SuppressWarnings("NullAway")
	private static WindshiftAdmin admin() {
		return null;
	}

}
