package io.windshift.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.windshift.test.NatsServer;
import io.windshift.test.NatsServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link WindshiftConnectionAutoConfiguration}: beans, conditions, back-off and startup
 * errors.
 */
public class WindshiftConnectionAutoConfigurationTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create();

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(WindshiftConnectionAutoConfiguration.class, SslAutoConfiguration.class));

	private ApplicationContextRunner connected() {
		return this.runner.withPropertyValues("windshift.nats.servers=" + nats.url());
	}

	@Test
	void connectsToTheConfiguredServer() {
		connected().run((context) -> {
			assertThat(context).hasSingleBean(Connection.class).hasSingleBean(WindshiftConnectionDetails.class);
			assertThat(context).hasBean("natsConnection");
			Connection connection = context.getBean(Connection.class);
			assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
			assertThat(connection.getServerInfo().isJetStreamAvailable()).isTrue();
		});
	}

	@Test
	void connectionNameDefaultsToTheApplicationName() {
		connected().withPropertyValues("spring.application.name=orders-service")
			.run((context) -> assertThat(context.getBean(Connection.class).getOptions().getConnectionName())
				.isEqualTo("orders-service"));
	}

	@Test
	void connectionNamePropertyWinsOverTheApplicationName() {
		connected()
			.withPropertyValues("spring.application.name=orders-service", "windshift.nats.connection-name=orders-1")
			.run((context) -> assertThat(context.getBean(Connection.class).getOptions().getConnectionName())
				.isEqualTo("orders-1"));
	}

	@Test
	void timingPropertiesReachTheOptions() {
		connected()
			.withPropertyValues("windshift.nats.connection-timeout=3s", "windshift.nats.reconnect-wait=250ms",
					"windshift.nats.max-reconnects=7", "windshift.nats.ping-interval=45s")
			.run((context) -> {
				Options options = context.getBean(Connection.class).getOptions();
				assertThat(options.getConnectionTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(options.getReconnectWait()).isEqualTo(Duration.ofMillis(250));
				assertThat(options.getMaxReconnect()).isEqualTo(7);
				assertThat(options.getPingInterval()).isEqualTo(Duration.ofSeconds(45));
			});
	}

	@Test
	void maxReconnectsDefaultsToForever() {
		connected().run((context) -> assertThat(context.getBean(Connection.class).getOptions().getMaxReconnect())
			.isEqualTo(-1));
	}

	@Test
	void customizersRunLastInOrder() {
		connected().withPropertyValues("windshift.nats.connection-name=from-properties")
			.withUserConfiguration(CustomizerConfiguration.class)
			.run((context) -> assertThat(context.getBean(Connection.class).getOptions().getConnectionName())
				.isEqualTo("second"));
	}

	@Test
	void backsOffToAUserConnection() {
		connected().withUserConfiguration(UserConnectionConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(Connection.class).doesNotHaveBean(NatsConnectionManager.class);
			assertThat(context.getBean(Connection.class).getOptions().getConnectionName()).isEqualTo("user");
		});
	}

	@Test
	void usesUserConnectionDetails() {
		this.runner.withPropertyValues("windshift.nats.servers=nats://127.0.0.1:1")
			.withBean(WindshiftConnectionDetails.class, () -> () -> List.of(nats.url()))
			.run((context) -> {
				assertThat(context).hasSingleBean(WindshiftConnectionDetails.class);
				assertThat(context.getBean(Connection.class).getStatus()).isEqualTo(Connection.Status.CONNECTED);
			});
	}

	@Test
	void backsOffWithoutJnats() {
		connected().withClassLoader(new FilteredClassLoader(Connection.class))
			.run((context) -> assertThat(context).doesNotHaveBean("natsConnection")
				.doesNotHaveBean(WindshiftConnectionDetails.class));
	}

	@Test
	void masksSecretsForTheActuatorOnlyWhenItIsPresent() {
		connected().run((context) -> assertThat(context).hasSingleBean(SanitizingFunction.class));
		connected().withClassLoader(new FilteredClassLoader(SanitizingFunction.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("windshiftNatsSanitizingFunction"));
	}

	@Test
	void drainsAndClosesTheConnectionWhenTheContextCloses() {
		Connection[] connection = new Connection[1];
		connected().run((context) -> connection[0] = context.getBean(Connection.class));
		assertThat(connection[0].getStatus()).isEqualTo(Connection.Status.CLOSED);
	}

	@Test
	void unreachableServerFailsStartupNamingTheServersButNoCredentials() {
		this.runner
			.withPropertyValues("windshift.nats.servers=nats://scott:tiger-secret@127.0.0.1:1,nats://127.0.0.1:2",
					"windshift.nats.connection-timeout=500ms")
			.run((context) -> {
				assertThat(context).hasFailed();
				String message = fullMessage(context.getStartupFailure());
				assertThat(message)
					.contains("Could not connect to NATS at [nats://***@127.0.0.1:1, nats://127.0.0.1:2]")
					.contains("windshift.nats.connect-in-background")
					.doesNotContain("tiger-secret")
					.doesNotContain("scott");
			});
	}

	@Test
	void connectInBackgroundStartsWithoutAServerAndConnectsLater() {
		NatsServer later = NatsServer.start();
		try {
			later.stop();
			this.runner
				.withPropertyValues("windshift.nats.servers=" + later.url(),
						"windshift.nats.connect-in-background=true", "windshift.nats.reconnect-wait=100ms",
						"windshift.nats.connection-timeout=500ms")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					Connection connection = context.getBean(Connection.class);
					assertThat(connection.getStatus()).isNotEqualTo(Connection.Status.CONNECTED);
					later.restart();
					await().atMost(Duration.ofSeconds(20))
						.until(() -> connection.getStatus() == Connection.Status.CONNECTED);
				});
		}
		finally {
			later.close();
		}
	}

	@Test
	void conflictingAuthenticationFailsNamingTheProperties() {
		connected()
			.withPropertyValues("windshift.nats.username=alice", "windshift.nats.password=pw-secret",
					"windshift.nats.token=token-secret")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(fullMessage(context.getStartupFailure())).contains(
						"Conflicting NATS authentication settings: windshift.nats.username/password, windshift.nats.token")
					.doesNotContain("pw-secret")
					.doesNotContain("token-secret");
			});
	}

	@Test
	void usernameWithoutPasswordFails() {
		connected().withPropertyValues("windshift.nats.username=alice")
			.run((context) -> assertThat(fullMessage(context.getStartupFailure()))
				.contains("windshift.nats.username is set without windshift.nats.password"));
	}

	@Test
	void invalidNkeySeedFailsWithoutShowingTheSeed() {
		connected().withPropertyValues("windshift.nats.nkey=SUNOTAREALSEEDATALL")
			.run((context) -> assertThat(fullMessage(context.getStartupFailure()))
				.contains("windshift.nats.nkey is not a valid nkey seed")
				.doesNotContain("SUNOTAREALSEEDATALL"));
	}

	@Test
	void missingCredentialsFileFailsNamingIt() {
		connected().withPropertyValues("windshift.nats.credentials=file:/nonexistent/user.creds")
			.run((context) -> assertThat(fullMessage(context.getStartupFailure()))
				.contains("windshift.nats.credentials")
				.contains("/nonexistent/user.creds")
				.contains("does not exist"));
	}

	@Test
	void unknownSslBundleFailsNamingTheBundle() {
		connected().withPropertyValues("windshift.nats.ssl.bundle=missing-bundle")
			.run((context) -> assertThat(fullMessage(context.getStartupFailure()))
				.contains("windshift.nats.ssl.bundle names SSL bundle 'missing-bundle', which does not exist"));
	}

	@Test
	void sslBundleWithoutSslAutoConfigurationFails() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WindshiftConnectionAutoConfiguration.class))
			.withPropertyValues("windshift.nats.servers=" + nats.url(), "windshift.nats.ssl.bundle=any")
			.run((context) -> assertThat(fullMessage(context.getStartupFailure()))
				.contains("windshift.nats.ssl.bundle is set to 'any' but no SSL bundles are configured"));
	}

	@Test
	void propertiesToStringShowsNoSecret() {
		WindshiftNatsProperties properties = new WindshiftNatsProperties();
		properties.setServers(List.of("nats://bob:url-secret@host:4222"));
		properties.setUsername("bob");
		properties.setPassword("pw-secret");
		properties.setToken("token-secret");
		properties.setNkey("SUseed-secret");
		assertThat(properties.toString()).contains("nats://***@host:4222").doesNotContain("secret");
	}

	public static String fullMessage(Throwable failure) {
		StringBuilder message = new StringBuilder();
		for (Throwable ex = failure; ex != null; ex = ex.getCause()) {
			message.append(ex).append('\n');
		}
		return message.toString();
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		@Bean
		@Order(2)
		NatsOptionsBuilderCustomizer second() {
			return (builder) -> builder.connectionName("second");
		}

		@Bean
		@Order(1)
		NatsOptionsBuilderCustomizer first() {
			return (builder) -> builder.connectionName("first");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserConnectionConfiguration {

		@Bean(destroyMethod = "close")
		Connection userConnection() throws Exception {
			return Nats.connect(Options.builder().server(nats.url()).connectionName("user").build());
		}

	}

}
