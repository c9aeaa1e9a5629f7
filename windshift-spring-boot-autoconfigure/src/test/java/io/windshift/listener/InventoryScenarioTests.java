package io.windshift.listener;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.google.protobuf.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.events.Event;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.inventory.StockReceived;
import io.windshift.test.proto.inventory.StockReleased;
import io.windshift.test.proto.inventory.StockReserved;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a new user writes for an inventory service with three event types on one stream,
 * each way they might write it: it either works (every one of 303 events handled) or
 * refuses to start naming the listeners; it never drops an event.
 */
class InventoryScenarioTests {

	private static final int PER_TYPE = 101;

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create().connectWith(ListenerTestSupport::connect);

	private static void publishAll(String stream) throws Exception {
		for (int i = 0; i < PER_TYPE; i++) {
			String sku = "sku-" + i;
			ListenerTestSupport.publish(nats.connection(), stream + ".received",
					StockReceived.newBuilder().setSku(sku).setQuantity(i).build());
			ListenerTestSupport.publish(nats.connection(), stream + ".reserved",
					StockReserved.newBuilder().setSku(sku).setQuantity(i).build());
			ListenerTestSupport.publish(nats.connection(), stream + ".released",
					StockReleased.newBuilder().setSku(sku).setQuantity(i).build());
		}
	}

	@Test
	void threeTypedMethodsOnOneDurableConsumerRefuseToStartNamingThem() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "inv");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(SharedConsumer.class)
			.withPropertyValues("test.stream=" + stream)
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				while (failure.getCause() != null && !(failure instanceof IllegalStateException)) {
					failure = failure.getCause();
				}
				assertThat(failure).hasMessageContaining("take different types on one durable consumer 'inventory'")
					.hasMessageContaining("of stream '" + stream + "'")
					.hasMessageContaining("'received'")
					.hasMessageContaining("StockReceived")
					.hasMessageMatching("(?s).*'(reserved|released)'.*Stock(Reserved|Released).*")
					.hasMessageContaining("Use one class-level @WindshiftListener with a @WindshiftHandler method");
			});
		assertThat(nats.connection().jetStreamManagement().getConsumerNames(stream)).isEmpty();
	}

	@Test
	void threeTypedMethodsWithTheirOwnConsumersAndSubjectsHandleEveryEvent() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "inv");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(OwnConsumers.class)
			.withPropertyValues("test.stream=" + stream)
			.run((context) -> {
				publishAll(stream);
				Handled handled = context.getBean(Handled.class);
				await().atMost(Duration.ofSeconds(30)).until(() -> handled.keys.size() == 3 * PER_TYPE);
				assertThat(deadLetters(stream)).isZero();
			});
	}

	@Test
	void oneAnyMessageMethodHandlesEveryType() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "inv");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(AnyMessage.class)
			.withPropertyValues("test.stream=" + stream)
			.run((context) -> {
				publishAll(stream);
				Handled handled = context.getBean(Handled.class);
				await().atMost(Duration.ofSeconds(30)).until(() -> handled.keys.size() == 3 * PER_TYPE);
				assertThat(deadLetters(stream)).isZero();
			});
	}

	private static long deadLetters(String stream) throws Exception {
		return DefaultDeadLetterTests.deadLetters(nats.connection(), "windshift.dlq." + stream + ".>");
	}

	/** Every event handled, by type and SKU. */
	static class Handled {

		final Set<String> keys = ConcurrentHashMap.newKeySet();

		void add(Message message) {
			String sku = (String) message.getField(message.getDescriptorForType().findFieldByName("sku"));
			this.keys.add(message.getDescriptorForType().getName() + "/" + sku);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class HandledConfig {

		@Bean
		Handled handled() {
			return new Handled();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(HandledConfig.class)
	static class SharedConsumer {

		@Bean
		SharedListeners sharedListeners(Handled handled) {
			return new SharedListeners(handled);
		}

	}

	record SharedListeners(Handled handled) {

		@WindshiftListener(id = "received", stream = "${test.stream}", consumer = "inventory")
		void on(StockReceived event) {
			this.handled.add(event);
		}

		@WindshiftListener(id = "reserved", stream = "${test.stream}", consumer = "inventory")
		void on(StockReserved event) {
			this.handled.add(event);
		}

		@WindshiftListener(id = "released", stream = "${test.stream}", consumer = "inventory")
		void on(StockReleased event) {
			this.handled.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(HandledConfig.class)
	static class OwnConsumers {

		@Bean
		OwnListeners ownListeners(Handled handled) {
			return new OwnListeners(handled);
		}

	}

	record OwnListeners(Handled handled) {

		@WindshiftListener(id = "received", stream = "${test.stream}", consumer = "inventory-received",
				subjects = "${test.stream}.received")
		void on(Event<StockReceived> event) {
			this.handled.add(event.data());
		}

		@WindshiftListener(id = "reserved", stream = "${test.stream}", consumer = "inventory-reserved",
				subjects = "${test.stream}.reserved")
		void on(StockReserved event) {
			this.handled.add(event);
		}

		@WindshiftListener(id = "released", stream = "${test.stream}", consumer = "inventory-released",
				subjects = "${test.stream}.released")
		void on(StockReleased event) {
			this.handled.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackages = "io.windshift.test.proto.inventory")
	@Import(HandledConfig.class)
	static class AnyMessage {

		@Bean
		AnyListener anyListener(Handled handled) {
			return new AnyListener(handled);
		}

	}

	record AnyListener(Handled handled) {

		@WindshiftListener(id = "inventory", stream = "${test.stream}", consumer = "inventory")
		void on(Event<Message> event) {
			this.handled.add(event.data());
		}

	}

}
