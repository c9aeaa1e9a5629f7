package io.windshift.listener;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.windshift.events.Event;
import io.windshift.test.proto.OrderCreated;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Listeners whose behaviour a test sets after the context started; they record every
 * delivery. Attributes come from {@code test.*} properties.
 */
final class ScriptedListeners {

	private ScriptedListeners() {
	}

	/** What a listener does with an event. */
	@FunctionalInterface
	interface Behaviour {

		void handle(Event<OrderCreated> event) throws Exception;

	}

	/** One delivery as the listener saw it. */
	record Delivery(String orderId, long attempt, Instant at) {
	}

	abstract static class Scripted {

		volatile Behaviour behaviour = (event) -> {
		};

		final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

		void record(Event<OrderCreated> event) throws Exception {
			this.deliveries.add(new Delivery(event.data().getOrderId(), event.deliveryAttempt(), Instant.now()));
			this.behaviour.handle(event);
		}

		long count(String orderId) {
			return this.deliveries.stream().filter((d) -> d.orderId().equals(orderId)).count();
		}

		List<Delivery> of(String orderId) {
			return this.deliveries.stream().filter((d) -> d.orderId().equals(orderId)).toList();
		}

	}

	static class Auto extends Scripted {

		@WindshiftListener(id = "auto", stream = "${test.stream}", consumer = "${test.consumer:auto}",
				processingTimeout = "${test.timeout:2s}", maxDeliveryAttempts = "${test.max:5}",
				deadLetterSubject = "${test.dlq:}", rejectPolicy = "${test.policy:}", ackMode = AckMode.AUTO)
		void on(Event<OrderCreated> event) throws Exception {
			record(event);
		}

	}

	static class Manual extends Scripted {

		@WindshiftListener(id = "manual", stream = "${test.stream}", consumer = "${test.consumer:manual}",
				processingTimeout = "${test.timeout:2s}", maxDeliveryAttempts = "${test.max:5}",
				deadLetterSubject = "${test.dlq:}", ackMode = AckMode.MANUAL)
		void on(Event<OrderCreated> event) throws Exception {
			record(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AutoConfig {

		@Bean
		Auto autoListener() {
			return new Auto();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ManualConfig {

		@Bean
		Manual manualListener() {
			return new Manual();
		}

	}

}
