package io.windshift.listener;

import java.time.Duration;

import com.google.protobuf.Message;
import com.google.protobuf.StringValue;
import io.nats.client.api.MessageInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.events.Event;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;
import io.windshift.test.proto.OrderShipped;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.windshift.listener.ListenerTestSupport.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Class-level listeners against a real server: one consumer, each event handed to the
 * handler of its type in stream order, the default handler, unhandled types (given up or
 * skipped) and what fails startup.
 */
@ExtendWith(OutputCaptureExtension.class)
@org.junit.jupiter.api.parallel.ResourceLock(org.junit.jupiter.api.parallel.Resources.SYSTEM_OUT)
class WindshiftListenerTypedDispatchTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create().connectWith(ListenerTestSupport::connect);

	private static OrderShipped shipped(String id) {
		return OrderShipped.newBuilder().setOrderId(id).setCarrier("ups").build();
	}

	@Test
	void handsEachTypeToItsHandlerInStreamOrderOnOneConsumer() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "typed");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(TypedConfig.class)
			.withPropertyValues("test.stream=" + stream)
			.run((context) -> {
				ListenerTestSupport.publish(nats.connection(), stream + ".a", order("1"));
				ListenerTestSupport.publish(nats.connection(), stream + ".a", shipped("1"));
				ListenerTestSupport.publish(nats.connection(), stream + ".a", order("2"));
				ListenerTestSupport.publish(nats.connection(), stream + ".a", StringValue.of("other"));
				Typed listener = context.getBean(Typed.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.received.size() == 4);
				assertThat(listener.received.items).containsExactly("created 1", "shipped 1 #2", "created 2",
						"default google.protobuf.StringValue");
				WindshiftListenerEndpointRegistry registry = context.getBean(WindshiftListenerEndpointRegistry.class);
				assertThat(registry.getListenerContainers()).hasSize(1);
				assertThat(registry.getListenerContainer("typed").getConsumerName()).isEqualTo("typed");
				assertThat(nats.connection().jetStreamManagement().getConsumerNames(stream)).containsExactly("typed");
				await().atMost(Duration.ofSeconds(5))
					.until(() -> ListenerTestSupport.consumerInfo(nats.connection(), stream, "typed")
						.getAckFloor()
						.getStreamSequence() == 4);
			});
	}

	@Test
	void deadLettersAnUnhandledTypeWithOneWarningAndGoesOn(CapturedOutput output) throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "unhandled");
		String dlq = ListenerTestSupport.createStream(nats.connection(), "unhandleddlq");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(NoDefaultConfig.class)
			.withPropertyValues("test.stream=" + stream, "test.dlq=" + dlq + ".x")
			.run((context) -> {
				ListenerTestSupport.publish(nats.connection(), stream + ".a", StringValue.of("nobody"));
				ListenerTestSupport.publish(nats.connection(), stream + ".a", order("after"));
				NoDefault listener = context.getBean(NoDefault.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.received.size() == 1);
				assertThat(listener.received.items).containsExactly("after");
				await().atMost(Duration.ofSeconds(10))
					.until(() -> nats.connection()
						.jetStreamManagement()
						.getStreamInfo(dlq)
						.getStreamState()
						.getMsgCount() == 1);
				MessageInfo letter = nats.connection().jetStreamManagement().getMessage(dlq, 1);
				assertThat(letter.getHeaders().getFirst(DeadLetterPublisher.STREAM)).isEqualTo(stream);
				assertThat(letter.getHeaders().getFirst(DeadLetterPublisher.ID)).isEqualTo("1");
				assertThat(letter.getHeaders().getFirst(DeadLetterPublisher.REASON)).contains("unhandled type")
					.contains("google.protobuf.StringValue");
				assertThat(output).containsOnlyOnce("has no handler for type 'google.protobuf.StringValue'");
				await().atMost(Duration.ofSeconds(5))
					.until(() -> ListenerTestSupport.consumerInfo(nats.connection(), stream, "nodefault")
						.getAckFloor()
						.getStreamSequence() == 2);
			});
	}

	@Test
	void terminatesAnUnhandledTypeWithoutDeadLetterSubject() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "unhandledterm");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(NoDefaultConfig.class)
			.withPropertyValues("test.stream=" + stream)
			.run((context) -> {
				ListenerTestSupport.publish(nats.connection(), stream + ".a", StringValue.of("nobody"));
				ListenerTestSupport.publish(nats.connection(), stream + ".a", order("after"));
				NoDefault listener = context.getBean(NoDefault.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.received.size() == 1);
				await().atMost(Duration.ofSeconds(5))
					.until(() -> ListenerTestSupport.consumerInfo(nats.connection(), stream, "nodefault")
						.getAckFloor()
						.getStreamSequence() == 2);
				assertThat(ListenerTestSupport.consumerInfo(nats.connection(), stream, "nodefault").getRedelivered())
					.isZero();
			});
	}

	@Test
	void skipsUnhandledTypesWhenAskedTo(CapturedOutput output) throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "skip");
		String dlq = ListenerTestSupport.createStream(nats.connection(), "skipdlq");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(SkippingConfig.class)
			.withPropertyValues("test.stream=" + stream, "test.dlq=" + dlq + ".x")
			.run((context) -> {
				ListenerTestSupport.publish(nats.connection(), stream + ".a", StringValue.of("nobody"));
				ListenerTestSupport.publish(nats.connection(), stream + ".a", order("after"));
				Skipping listener = context.getBean(Skipping.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.received.size() == 1);
				await().atMost(Duration.ofSeconds(5))
					.until(() -> ListenerTestSupport.consumerInfo(nats.connection(), stream, "skipping")
						.getAckFloor()
						.getStreamSequence() == 2);
				assertThat(nats.connection().jetStreamManagement().getStreamInfo(dlq).getStreamState().getMsgCount())
					.isZero();
				assertThat(output).doesNotContain("has no handler for type");
			});
	}

	@Test
	void twoHandlersForOneTypeFailStartupNamingBoth() {
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(TwoForOneTypeConfig.class)
			.withPropertyValues("test.stream=s")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasMessageContaining("bean 'twoForOneType'")
					.hasMessageContaining("'TwoForOneType.first'")
					.hasMessageContaining("'TwoForOneType.second'")
					.hasMessageContaining("windshift.test.v1.OrderCreated");
			});
	}

	@Test
	void twoDefaultHandlersFailStartup() {
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(TwoDefaultsConfig.class)
			.withPropertyValues("test.stream=s")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasMessageContaining("two default handlers")
					.hasMessageContaining("'TwoDefaults.one'")
					.hasMessageContaining("'TwoDefaults.two'");
			});
	}

	@Test
	void aHandlerWithoutProtobufParameterFailsStartup() {
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(BadParameterConfig.class)
			.withPropertyValues("test.stream=s")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasMessageContaining("'BadParameter.on'")
					.hasMessageContaining("java.lang.String");
			});
	}

	@Test
	void aClassLevelListenerWithoutHandlersFailsStartup() {
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(NoHandlersConfig.class)
			.withPropertyValues("test.stream=s")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasMessageContaining("bean 'noHandlers' class 'NoHandlers'")
					.hasMessageContaining("at least one @WindshiftHandler");
			});
	}

	@Test
	void handlersWithoutClassLevelListenerFailStartup() {
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(OrphanHandlersConfig.class)
			.withPropertyValues("test.stream=s")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasMessageContaining("'OrphanHandlers.on'")
					.hasMessageContaining("no class-level @WindshiftListener");
			});
	}

	@WindshiftListener(stream = "${test.stream}", consumer = "typed")
	static class Typed {

		final ListenerTestSupport.Received<String> received = new ListenerTestSupport.Received<>();

		@WindshiftHandler
		void created(OrderCreated created) {
			this.received.add("created " + created.getOrderId());
		}

		@WindshiftHandler
		void shipped(Event<OrderShipped> shipped) {
			this.received.add("shipped " + shipped.data().getOrderId() + " #" + shipped.id());
		}

		@WindshiftHandler(isDefault = true)
		void other(Event<Message> event) {
			this.received.add("default " + event.data().getDescriptorForType().getFullName());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackages = "com.google.protobuf")
	static class TypedConfig {

		@Bean
		Typed typed() {
			return new Typed();
		}

	}

	@WindshiftListener(stream = "${test.stream}", consumer = "nodefault", deadLetterSubject = "${test.dlq:}")
	static class NoDefault {

		final ListenerTestSupport.Received<String> received = new ListenerTestSupport.Received<>();

		@WindshiftHandler
		void on(OrderCreated created) {
			this.received.add(created.getOrderId());
		}

		@WindshiftHandler
		void on(OrderShipped shipped) {
			this.received.add(shipped.getOrderId());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NoDefaultConfig {

		@Bean
		NoDefault noDefault() {
			return new NoDefault();
		}

	}

	@WindshiftListener(stream = "${test.stream}", consumer = "skipping", deadLetterSubject = "${test.dlq:}",
			ignoreUnhandledTypes = "true")
	static class Skipping {

		final ListenerTestSupport.Received<String> received = new ListenerTestSupport.Received<>();

		@WindshiftHandler
		void on(OrderCreated created) {
			this.received.add(created.getOrderId());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SkippingConfig {

		@Bean
		Skipping skipping() {
			return new Skipping();
		}

	}

	@WindshiftListener(stream = "${test.stream}")
	static class TwoForOneType {

		@WindshiftHandler
		void first(OrderCreated created) {
		}

		@WindshiftHandler
		void second(Event<OrderCreated> created) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoForOneTypeConfig {

		@Bean
		TwoForOneType twoForOneType() {
			return new TwoForOneType();
		}

	}

	@WindshiftListener(stream = "${test.stream}")
	static class TwoDefaults {

		@WindshiftHandler(isDefault = true)
		void one(Message message) {
		}

		@WindshiftHandler(isDefault = true)
		void two(Event<Message> event) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoDefaultsConfig {

		@Bean
		TwoDefaults twoDefaults() {
			return new TwoDefaults();
		}

	}

	@WindshiftListener(stream = "${test.stream}")
	static class BadParameter {

		@WindshiftHandler
		void on(String text) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BadParameterConfig {

		@Bean
		BadParameter badParameter() {
			return new BadParameter();
		}

	}

	@WindshiftListener(stream = "${test.stream}")
	static class NoHandlers {

		void on(OrderCreated created) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NoHandlersConfig {

		@Bean
		NoHandlers noHandlers() {
			return new NoHandlers();
		}

	}

	static class OrphanHandlers {

		@WindshiftHandler
		void on(OrderCreated created) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OrphanHandlersConfig {

		@Bean
		OrphanHandlers orphanHandlers() {
			return new OrphanHandlers();
		}

	}

}
