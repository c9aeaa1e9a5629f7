package io.windshift.test;

import java.util.ArrayList;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.windshift.test.NatsServerContextCustomizerFactory.NatsServerContextCustomizer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@code @WindshiftNatsServer} starts a server per Spring test context, sets the property
 * and stops it last.
 */
@SpringJUnitConfig(WindshiftNatsServerTests.ClientConfiguration.class)
@WindshiftNatsServer
class WindshiftNatsServerTests {

	@Autowired
	NatsServer server;

	@Autowired
	Connection connection;

	@Value("${windshift.nats.servers}")
	String servers;

	@Test
	void contextConnectsToTheStartedServer() {
		assertThat(this.server.isRunning()).isTrue();
		assertThat(this.servers).isEqualTo(this.server.url());
		assertThat(this.connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
		assertThat(this.connection.getConnectedUrl()).contains(":" + this.server.port());
		assertThat(this.connection.getServerInfo().isJetStreamAvailable()).isTrue();
	}

	@Nested
	class NestedClass {

		@Autowired
		NatsServer nestedServer;

		@Test
		void sharesTheEnclosingContextAndItsServer() {
			assertThat(this.nestedServer).isSameAs(WindshiftNatsServerTests.this.server);
		}

	}

	@Test
	void serverStopsAfterTheContextsOtherBeans() {
		ContextCustomizer customizer = new NatsServerContextCustomizer(1, "my.nats.url");
		List<Boolean> runningWhenClientClosed = new ArrayList<>();
		NatsServer started;
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			customizer.customizeContext(context, null);
			context.registerBean(ClientConfiguration.class);
			context.registerBean("closeWatcher", DisposableBean.class,
					() -> () -> runningWhenClientClosed.add(context.getBean(NatsServer.class).isRunning()));
			context.refresh();
			started = context.getBean(NatsServer.class);
			assertThat(context.getEnvironment().getProperty("my.nats.url")).isEqualTo(started.url());
			assertThat(context.getBean(Connection.class).getStatus()).isEqualTo(Connection.Status.CONNECTED);
		}
		assertThat(runningWhenClientClosed).containsExactly(true);
		assertThat(started.isRunning()).isFalse();
		assertThat(started.storeDir()).doesNotExist();
	}

	@Test
	void equalSettingsShareACachedContext() {
		NatsServerContextCustomizerFactory factory = new NatsServerContextCustomizerFactory();
		assertThat(factory.createContextCustomizer(WindshiftNatsServerTests.class, List.of()))
			.isEqualTo(factory.createContextCustomizer(Other.class, List.of()))
			.isNotEqualTo(factory.createContextCustomizer(ThreeNodes.class, List.of()));
		assertThat(factory.createContextCustomizer(String.class, List.of())).isNull();
	}

	@Test
	void noNodesIsRefusedWithTheTestClassNamed() {
		assertThatIllegalStateException()
			.isThrownBy(
					() -> new NatsServerContextCustomizerFactory().createContextCustomizer(NoNodes.class, List.of()))
			.withMessageContaining("NoNodes")
			.withMessageContaining("nodes must be at least 1");
	}

	@WindshiftNatsServer
	static class Other {

	}

	@WindshiftNatsServer(nodes = 3)
	static class ThreeNodes {

	}

	@WindshiftNatsServer(nodes = 0)
	static class NoNodes {

	}

	/**
	 * What an application's connection configuration does: connect to the URL in the
	 * property.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ClientConfiguration {

		@Bean(destroyMethod = "close")
		Connection natsConnection(org.springframework.core.env.Environment environment) throws Exception {
			String url = environment.getProperty("windshift.nats.servers", environment.getProperty("my.nats.url", ""));
			return Nats.connect(url);
		}

	}

}
