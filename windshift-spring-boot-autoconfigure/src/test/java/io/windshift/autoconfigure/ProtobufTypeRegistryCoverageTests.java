package io.windshift.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.events.ProtobufTypeRegistry;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderShipped;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Event<Message>} listeners know the protobuf well-known types, the types in
 * {@code windshift.types.packages} and those a customizer adds; other names stay unknown
 * (and are dead-lettered).
 */
class ProtobufTypeRegistryCoverageTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create();

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WindshiftConnectionAutoConfiguration.class,
					WindshiftListenerAutoConfiguration.class))
			.withPropertyValues("windshift.nats.servers=" + nats.url());
	}

	@Test
	void knowsWellKnownTypesConfiguredPackagesAndCustomizedTypes() {
		runner().withPropertyValues("windshift.types.packages=io.windshift.test.proto.inventory")
			.withBean(ProtobufTypeRegistryCustomizer.class, () -> (registry) -> registry.register(OrderShipped.class))
			.run((context) -> {
				ProtobufTypeRegistry registry = context.getBean(ProtobufTypeRegistry.class);
				assertThat(registry.find("google.protobuf.Timestamp")).isPresent();
				assertThat(registry.find("google.protobuf.Struct")).isPresent();
				assertThat(registry.find("google.protobuf.StringValue")).isPresent();
				assertThat(registry.find("windshift.test.inventory.v1.StockReserved")).isPresent();
				assertThat(registry.find("windshift.test.v1.OrderShipped")).isPresent();
				assertThat(registry.find("windshift.test.v1.OrderCreated")).isEmpty();
				assertThat(registry.find("nope.v1.Unknown")).isEmpty();
			});
	}

}
