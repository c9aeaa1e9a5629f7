package io.windshift.aot;

import java.lang.reflect.Method;
import java.util.List;

import com.google.protobuf.Message;
import org.junit.jupiter.api.Test;

import io.windshift.autoconfigure.WindshiftConnectionAutoConfiguration;
import io.windshift.autoconfigure.WindshiftListenerAutoConfiguration;
import io.windshift.events.Event;
import io.windshift.events.ProtobufTypeRegistry;
import io.windshift.listener.WindshiftHandler;
import io.windshift.listener.WindshiftListener;
import io.windshift.test.proto.OrderCreated;
import io.windshift.test.proto.OrderShipped;

import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.io.InputStreamSource;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AOT processing of an application with listeners: it processes without errors, registers
 * every listener method for invocation and every protobuf type it takes, and writes the
 * protobuf type index of the application's packages. No server is needed: AOT processing
 * creates no connection.
 */
class WindshiftAotTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WindshiftConnectionAutoConfiguration.class,
				WindshiftListenerAutoConfiguration.class))
		.withPropertyValues("windshift.nats.servers=nats://127.0.0.1:1")
		.withUserConfiguration(ListenerConfig.class);

	@Test
	void listenerMethodsAreRegisteredForInvocation() {
		RuntimeHints hints = processAheadOfTime().getRuntimeHints();
		for (String name : List.of("onData", "onEvent", "onAny", "onBatch", "onEventBatch")) {
			assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(method(name)))
				.as("invocation hint for %s", name)
				.accepts(hints);
		}
	}

	@Test
	void handlersOfClassLevelListenersAreRegisteredForInvocation() {
		RuntimeHints hints = processAheadOfTime().getRuntimeHints();
		for (String name : List.of("created", "other")) {
			Method handler = ReflectionUtils.findMethod(ClassLevelListener.class, name, (Class<?>[]) null);
			assertThat(handler).isNotNull();
			assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(handler))
				.as("invocation hint for %s", name)
				.accepts(hints);
		}
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(ReflectionUtils.findMethod(ClassLevelListener.class, "helper"))).rejects(hints);
	}

	@Test
	void protobufTypesTakenByListenersCanBeParsed() {
		RuntimeHints hints = processAheadOfTime().getRuntimeHints();
		for (Class<?> type : List.of(OrderCreated.class, OrderShipped.class, OrderCreated.Builder.class)) {
			assertThat(RuntimeHintsPredicates.reflection().onType(type)).as("hint for %s", type.getName())
				.accepts(hints);
		}
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(OrderCreated.class, "getDefaultInstance"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Message.class)).rejects(hints);
	}

	@Test
	void protobufTypeIndexOfTheApplicationPackagesIsWrittenAtBuildTime() throws Exception {
		TestGenerationContext generationContext = processAheadOfTime();
		InputStreamSource index = generationContext.getGeneratedFiles()
			.getGeneratedFile(Kind.RESOURCE, ProtobufTypeRegistry.INDEX_LOCATION);
		assertThat(index).as("generated %s", ProtobufTypeRegistry.INDEX_LOCATION).isNotNull();
		String content = new String(index.getInputStream().readAllBytes());
		assertThat(content.lines()).contains(OrderCreated.class.getName(), OrderShipped.class.getName());
		assertThat(RuntimeHintsPredicates.resource().forResource(ProtobufTypeRegistry.INDEX_LOCATION))
			.accepts(generationContext.getRuntimeHints());
	}

	@Test
	void configurationPropertiesAreRegisteredForBinding() {
		RuntimeHints hints = processAheadOfTime().getRuntimeHints();
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(io.windshift.autoconfigure.WindshiftListenerProperties.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(io.windshift.autoconfigure.WindshiftNatsProperties.class))
			.accepts(hints);
	}

	private TestGenerationContext processAheadOfTime() {
		TestGenerationContext generationContext = new TestGenerationContext();
		this.runner.prepare((context) -> {
			GenericApplicationContext source = (GenericApplicationContext) context.getSourceApplicationContext();
			new ApplicationContextAotGenerator().processAheadOfTime(source, generationContext);
		});
		generationContext.writeGeneratedContent();
		return generationContext;
	}

	private static Method method(String name) {
		for (Method method : ReflectionUtils.getDeclaredMethods(Listeners.class)) {
			if (method.getName().equals(name)) {
				return method;
			}
		}
		throw new IllegalStateException("no method " + name);
	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackages = "io.windshift.test.proto")
	static class ListenerConfig {

		@Bean
		Listeners listeners() {
			return new Listeners();
		}

		@Bean
		ClassLevelListener classLevelListener() {
			return new ClassLevelListener();
		}

	}

	@WindshiftListener(stream = "orders", consumer = "projector")
	static class ClassLevelListener {

		@WindshiftHandler
		void created(OrderCreated created) {
		}

		@WindshiftHandler(isDefault = true)
		void other(Event<Message> event) {
		}

		void helper() {
		}

	}

	static class Listeners {

		@WindshiftListener(stream = "orders")
		void onData(OrderCreated order) {
		}

		@WindshiftListener(stream = "orders")
		void onEvent(Event<OrderShipped> event) {
		}

		@WindshiftListener(stream = "orders")
		void onAny(Event<Message> event) {
		}

		@WindshiftListener(stream = "orders")
		void onBatch(List<OrderCreated> batch) {
		}

		@WindshiftListener(stream = "orders")
		void onEventBatch(List<Event<OrderShipped>> batch) {
		}

	}

}
