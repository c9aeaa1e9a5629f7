package io.windshift.sample;

import java.time.Duration;

import io.windshift.consumers.ConsumerDefinition;
import io.windshift.listener.OrderingKey;
import io.windshift.sample.orders.v1.OrderPlaced;
import io.windshift.sample.orders.v1.OrderShipped;
import io.windshift.streams.StreamDefinition;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Streams and consumers declared as beans. More are declared in application.yml
 * ({@code payments}, {@code dead-letters}); Windshift creates or updates all of them at
 * startup, before any listener starts.
 */
@Configuration(proxyBeanMethods = false)
class OrderStreams {

	// tag::stream-bean[]
	@Bean
	StreamDefinition ordersStream() {
		return StreamDefinition.builder("orders")
			.subjects("orders.>")
			.maxAge(Duration.ofDays(30))
			.deduplicationWindow(Duration.ofMinutes(2))
			.description("Orders placed and shipped")
			.build();
	}
	// end::stream-bean[]

	// tag::stream-scheduled[]
	/** Holds delayed events: payment reminders wait here until their time. */
	@Bean
	StreamDefinition remindersStream() {
		return StreamDefinition.builder("reminders")
			.subjects("reminders.>")
			.allowScheduledEvents(true) // nats-server 2.12 or later
			.maxAge(Duration.ofDays(7))
			.description("Reminders, delivered at their time")
			.build();
	}
	// end::stream-scheduled[]

	// tag::consumer-bean[]
	@Bean
	ConsumerDefinition orderProcessor() {
		return ConsumerDefinition.builder("orders")
			.name("order-processor")
			.subjects("orders.placed")
			.processingTimeout(Duration.ofSeconds(30))
			.maxDeliveryAttempts(5)
			.build();
	}
	// end::consumer-bean[]

	// tag::ordering-key[]
	/**
	 * The ordering key of {@link OrderProjector}: the order id of the event, whatever its
	 * type.
	 */
	@Bean
	OrderingKey orderId() {
		return (event) -> {
			if (event.data() instanceof OrderPlaced placed) {
				return placed.getOrderId();
			}
			if (event.data() instanceof OrderShipped shipped) {
				return shipped.getOrderId();
			}
			return event.subject();
		};
	}
	// end::ordering-key[]

}
