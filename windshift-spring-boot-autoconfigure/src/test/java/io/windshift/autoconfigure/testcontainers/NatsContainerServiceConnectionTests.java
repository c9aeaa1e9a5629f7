package io.windshift.autoconfigure.testcontainers;

import io.windshift.autoconfigure.WindshiftConnectionAutoConfiguration;

import java.time.Duration;

import io.nats.client.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.testcontainers.lifecycle.TestcontainersLifecycleApplicationContextInitializer;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.boot.testcontainers.service.connection.ServiceConnectionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @ServiceConnection} on a real {@code nats} container. Skipped where no Docker
 * engine runs.
 */
@EnabledIf("dockerAvailable")
@Timeout(180)
class NatsContainerServiceConnectionTests {

	static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (Throwable ex) {
			return false;
		}
	}

	@Test
	void connectsToTheContainer() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ServiceConnectionAutoConfiguration.class,
					WindshiftConnectionAutoConfiguration.class))
			.withInitializer(new TestcontainersLifecycleApplicationContextInitializer())
			.withPropertyValues("windshift.nats.servers=nats://127.0.0.1:1")
			.withUserConfiguration(ContainerConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Connection connection = context.getBean(Connection.class);
				assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
				assertThat(connection.getServerInfo().isJetStreamAvailable()).isTrue();
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class ContainerConfiguration {

		// tag::service-connection[]
		@Bean
		@ServiceConnection
		GenericContainer<?> nats() {
			return new GenericContainer<>("nats:2.11").withCommand("-js")
				.withExposedPorts(NatsContainerConnectionDetailsFactory.NATS_PORT)
				.waitingFor(Wait.forLogMessage(".*Server is ready.*", 1))
				.withStartupTimeout(Duration.ofSeconds(60));
		}
		// end::service-connection[]

	}

}
