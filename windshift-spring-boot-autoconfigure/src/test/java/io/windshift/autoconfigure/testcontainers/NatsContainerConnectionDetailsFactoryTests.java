package io.windshift.autoconfigure.testcontainers;

import java.util.Map;

import io.nats.client.Connection;
import io.windshift.autoconfigure.WindshiftConnectionAutoConfiguration;
import io.windshift.autoconfigure.WindshiftConnectionDetails;
import io.windshift.autoconfigure.devserver.NatsDevServer;
import io.windshift.autoconfigure.devserver.WindshiftDevServerAutoConfiguration;
import io.windshift.test.NatsServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactories;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;
import org.springframework.boot.testcontainers.service.connection.TestContainerConnectionSources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * {@link NatsContainerConnectionDetailsFactory} without a Docker engine: the container is
 * a stand-in whose mapped port is a real nats-server from the test harness.
 */
class NatsContainerConnectionDetailsFactoryTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create();

	@Test
	void isRegisteredAndServesNatsImages() throws Exception {
		ContainerConnectionSource<Container<?>> source = TestContainerConnectionSources.of(GenericContainer.class,
				"nats:2.11", NatsContainerConnectionDetailsFactoryTests::container);
		Map<Class<?>, ConnectionDetails> details = new ConnectionDetailsFactories(getClass().getClassLoader())
			.getConnectionDetails(source, true);
		assertThat(details).containsKey(WindshiftConnectionDetails.class);
		WindshiftConnectionDetails connectionDetails = (WindshiftConnectionDetails) details
			.get(WindshiftConnectionDetails.class);
		((InitializingBean) connectionDetails).afterPropertiesSet();
		assertThat(connectionDetails.getServers()).containsExactly("nats://127.0.0.1:" + nats.server().port());
		assertThat(connectionDetails.getSslBundle()).isNull();
		assertThat(connectionDetails.getUsername()).isNull();
	}

	@Test
	void acceptsTheFullyQualifiedImageName() {
		ContainerConnectionSource<Container<?>> source = TestContainerConnectionSources.of(GenericContainer.class,
				"docker.io/library/nats:latest", NatsContainerConnectionDetailsFactoryTests::container);
		assertThat(new NatsContainerConnectionDetailsFactory().getConnectionDetails(source)).isNotNull();
	}

	@Test
	void ignoresOtherImages() {
		ContainerConnectionSource<Container<?>> source = TestContainerConnectionSources.of(GenericContainer.class,
				"redis:7", NatsContainerConnectionDetailsFactoryTests::container);
		assertThat(new NatsContainerConnectionDetailsFactory().getConnectionDetails(source)).isNull();
	}

	@Test
	void theConnectionUsesTheContainerDetails() throws Exception {
		ContainerConnectionSource<Container<?>> source = TestContainerConnectionSources.of(GenericContainer.class,
				"nats:2.11", NatsContainerConnectionDetailsFactoryTests::container);
		WindshiftConnectionDetails details = new NatsContainerConnectionDetailsFactory().getConnectionDetails(source);
		((InitializingBean) details).afterPropertiesSet();
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WindshiftDevServerAutoConfiguration.class,
					WindshiftConnectionAutoConfiguration.class))
			.withPropertyValues("windshift.nats.servers=nats://127.0.0.1:1", "windshift.dev-server.enabled=true")
			.withBean(WindshiftConnectionDetails.class, () -> details)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(NatsDevServer.class);
				Connection connection = context.getBean(Connection.class);
				assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
				assertThat(connection.getServerInfo().getPort()).isEqualTo(nats.server().port());
			});
	}

	private static Container<?> container() {
		GenericContainer<?> container = mock(GenericContainer.class);
		given(container.getHost()).willReturn("127.0.0.1");
		given(container.getMappedPort(NatsContainerConnectionDetailsFactory.NATS_PORT))
			.willReturn(nats.server().port());
		return container;
	}

}
