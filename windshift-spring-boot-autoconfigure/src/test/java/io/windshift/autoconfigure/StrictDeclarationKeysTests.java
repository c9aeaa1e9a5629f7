package io.windshift.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.test.NatsServerExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An unknown key under {@code windshift.streams.<name>} or
 * {@code windshift.consumers.<name>} fails startup naming the key.
 */
class StrictDeclarationKeysTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create();

	private static StrictDeclarationKeys keys(String... pairs) {
		MockEnvironment environment = new MockEnvironment();
		for (String pair : pairs) {
			String[] kv = pair.split("=", 2);
			environment.setProperty(kv[0], kv[1]);
		}
		return new StrictDeclarationKeys(environment);
	}

	@Test
	void aTypoInAStreamKeyFailsNamingIt() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> keys("windshift.streams.orders.subjects=orders.>", "windshift.streams.orders.max-agee=7d")
				.afterPropertiesSet())
			.satisfies((ex) -> assertThat(ex.getCause()).hasMessageContaining("windshift.streams.orders.max-agee"));
	}

	@Test
	void aTypoInAConsumerKeyFailsNamingIt() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> keys("windshift.consumers.c.stream=orders", "windshift.consumers.c.procesing-timeout=5s")
				.afterPropertiesSet())
			.satisfies(
					(ex) -> assertThat(ex.getCause()).hasMessageContaining("windshift.consumers.c.procesing-timeout"));
	}

	@Test
	void knownKeysAndOtherWindshiftPropertiesPass() {
		assertThatNoException().isThrownBy(() -> keys("windshift.streams.orders.subjects=orders.>",
				"windshift.streams.orders.max-age=7d", "windshift.streams.orders.max-bytes=1GB",
				"windshift.consumers.c.stream=orders", "windshift.consumers.c.processing-timeout=5s",
				"windshift.listener.concurrency=2", "windshift.admin.declare-on-startup=false")
			.afterPropertiesSet());
	}

	@Test
	void theAutoConfigurationRefusesToStartOnATypo() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WindshiftConnectionAutoConfiguration.class,
					WindshiftAdminAutoConfiguration.class))
			.withPropertyValues("windshift.nats.servers=" + nats.url(), "windshift.streams.orders.subjects=orders.>",
					"windshift.streams.orders.max-agee=7d")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("windshift.streams.orders.max-agee"));
	}

}
