package io.windshift.listener;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import com.google.protobuf.Message;
import io.nats.client.impl.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.events.Event;
import io.windshift.events.WireHeaders;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;
import io.windshift.test.proto.OrderShipped;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.windshift.listener.ListenerTestSupport.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Typed delivery to listener methods against a real server: data, {@code Event<T>}, any
 * {@code Message}, and automatic acknowledgement.
 */
class WindshiftListenerDeliveryTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create().connectWith(ListenerTestSupport::connect);

	@Test
	void deliversTypedDataAndAcksOnReturn() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "typed");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(DataListenerConfig.class)
			.withPropertyValues("test.stream=" + stream)
			.run((context) -> {
				for (int i = 0; i < 3; i++) {
					ListenerTestSupport.publish(nats.connection(), stream + ".created",
							OrderCreated.newBuilder().setOrderId("o-" + i).setAmountCents(i).build());
				}
				DataListener listener = context.getBean(DataListener.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.received.size() == 3);
				assertThat(listener.received.items).extracting(OrderCreated::getOrderId)
					.containsExactlyInAnyOrder("o-0", "o-1", "o-2");
				await().atMost(Duration.ofSeconds(5))
					.untilAsserted(
							() -> assertThat(ListenerTestSupport.consumerInfo(nats.connection(), stream, "typed-data")
								.getAckFloor()
								.getStreamSequence()).isEqualTo(3));
				WindshiftListenerEndpointRegistry registry = context.getBean(WindshiftListenerEndpointRegistry.class);
				assertThat(registry.getState("typed-data")).isEqualTo(ListenerState.RUNNING);
			});
	}

	@Test
	void deliversEventWithItsMetadata() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "meta");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(EventListenerConfig.class)
			.withPropertyValues("test.stream=" + stream)
			.run((context) -> {
				OffsetDateTime occurred = OffsetDateTime.of(2025, 11, 3, 10, 15, 30, 123456789, ZoneOffset.ofHours(2));
				Headers headers = new Headers();
				headers.put(WireHeaders.DATA_TYPE, "windshift.test.v1.OrderCreated");
				headers.put(WireHeaders.PUBLISHED_TIME, "2025-11-03T10:15:30.123456789+02:00");
				headers.put(WireHeaders.MSG_ID, "order-7");
				headers.put("custom", "yes");
				ListenerTestSupport.publish(nats.connection(), stream + ".created.eu", headers,
						order("o-7").toByteArray());
				EventListener listener = context.getBean(EventListener.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.received.size() == 1);
				Event<OrderCreated> event = listener.received.items.get(0);
				assertThat(event.data().getOrderId()).isEqualTo("o-7");
				assertThat(event.id()).isEqualTo(1);
				assertThat(event.subject()).isEqualTo(stream + ".created.eu");
				assertThat(event.stream()).isEqualTo(stream);
				assertThat(event.consumer()).isEqualTo("meta-events");
				assertThat(event.deliveryAttempt()).isEqualTo(1);
				assertThat(event.occurredAt()).isEqualTo(occurred.toInstant());
				assertThat(event.idempotencyKey()).contains("order-7");
				assertThat(event.headers().getFirst("custom")).isEqualTo("yes");
				assertThat(event.isSettled()).isTrue();
			});
	}

	@Test
	void decodesAnyMessageFromTheTypeHeader() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "any");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(AnyListenerConfig.class)
			.withPropertyValues("test.stream=" + stream)
			.run((context) -> {
				ListenerTestSupport.publish(nats.connection(), stream + ".a", order("1"));
				ListenerTestSupport.publish(nats.connection(), stream + ".b",
						OrderShipped.newBuilder().setOrderId("2").setCarrier("ups").build());
				AnyListener listener = context.getBean(AnyListener.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.received.size() == 2);
				assertThat(listener.received.items).containsExactly(order("1"),
						OrderShipped.newBuilder().setOrderId("2").setCarrier("ups").build());
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.events.size() == 2);
				assertThat(listener.events.items).extracting(Event::data)
					.containsExactly(order("1"), OrderShipped.newBuilder().setOrderId("2").setCarrier("ups").build());
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class DataListenerConfig {

		@Bean
		DataListener dataListener() {
			return new DataListener();
		}

	}

	static class DataListener {

		final ListenerTestSupport.Received<OrderCreated> received = new ListenerTestSupport.Received<>();

		@WindshiftListener(id = "typed-data", stream = "${test.stream}", consumer = "typed-data", concurrency = "2")
		void on(OrderCreated order) {
			this.received.add(order);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EventListenerConfig {

		@Bean
		EventListener eventListener() {
			return new EventListener();
		}

	}

	static class EventListener {

		final ListenerTestSupport.Received<Event<OrderCreated>> received = new ListenerTestSupport.Received<>();

		@WindshiftListener(stream = "${test.stream}", consumer = "meta-events", subjects = "${test.stream}.created.>")
		void on(Event<OrderCreated> event) {
			this.received.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackages = "io.windshift.test.proto")
	static class AnyListenerConfig {

		@Bean
		AnyListener anyListener() {
			return new AnyListener();
		}

	}

	static class AnyListener {

		final ListenerTestSupport.Received<Message> received = new ListenerTestSupport.Received<>();

		final ListenerTestSupport.Received<Event<Message>> events = new ListenerTestSupport.Received<>();

		@WindshiftListener(stream = "${test.stream}")
		void on(Message message) {
			this.received.add(message);
		}

		@WindshiftListener(stream = "${test.stream}")
		void onEvent(Event<Message> event) {
			this.events.add(event);
		}

	}

}
