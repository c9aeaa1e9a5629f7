package io.windshift.listener;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.events.Event;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Listener set-ups that cannot work refuse to start: filter subjects the stream does not
 * hold. (Different types on one durable consumer: {@link InventoryScenarioTests}.)
 */
class ListenerStartupChecksTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create().connectWith(ListenerTestSupport::connect);

	@Test
	void aStreamSubjectHoldsTheFiltersItMatches() {
		assertThat(ListenerStartupChecks.holds("orders.*", "orders.created")).isTrue();
		assertThat(ListenerStartupChecks.holds("orders.*", "orders.*")).isTrue();
		assertThat(ListenerStartupChecks.holds("orders.>", "orders.eu.created")).isTrue();
		assertThat(ListenerStartupChecks.holds("orders.>", "orders.>")).isTrue();
		assertThat(ListenerStartupChecks.holds("orders.>", "orders.*.x")).isTrue();
		assertThat(ListenerStartupChecks.holds("orders.*", "orders.>")).isFalse();
		assertThat(ListenerStartupChecks.holds("orders.*", "orders.eu.created")).isFalse();
		assertThat(ListenerStartupChecks.holds("orders.created", "orders.*")).isFalse();
		assertThat(ListenerStartupChecks.holds("orders.>", "orders")).isFalse();
		assertThat(ListenerStartupChecks.holds("orders.created", "order.created")).isFalse();
		assertThat(ListenerStartupChecks.notHeld(List.of("a.b", "c.d"), List.of("a.*"))).containsExactly("c.d");
		assertThat(ListenerStartupChecks.notHeld(List.of("c.d"), List.of())).isEmpty();
	}

	@Test
	void aListenerOnSubjectsTheStreamDoesNotHoldRefusesToStart() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "held");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(TypoConfig.class)
			.withPropertyValues("test.stream=" + stream)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasStackTraceContaining("Listener 'typo' could not start")
					.hasStackTraceContaining("filters subjects [order.created]")
					.hasStackTraceContaining("that the stream does not hold (its subjects: [" + stream + ".>])");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class TypoConfig {

		@Bean
		Typo typo() {
			return new Typo();
		}

	}

	static class Typo {

		@WindshiftListener(id = "typo", stream = "${test.stream}", consumer = "typo", subjects = "order.created")
		void on(Event<OrderCreated> event) {
		}

	}

}
