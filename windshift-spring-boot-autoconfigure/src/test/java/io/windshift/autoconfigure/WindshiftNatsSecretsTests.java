package io.windshift.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.nats.client.NKey;
import io.windshift.test.DescriptorText;
import io.windshift.test.NatsServerConfig;
import io.windshift.test.NatsServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets never show in the actuator's configprops/env output (even with show-values
 * ALWAYS) nor in logs.
 */
@ExtendWith(OutputCaptureExtension.class)
class WindshiftNatsSecretsTests {

	private static final String PASSWORD = "pw-8c1f-never-shown";

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension
		.create(NatsServerConfig.defaults().userPassword("alice", PASSWORD));

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WindshiftConnectionAutoConfiguration.class));

	@Test
	void configpropsAndEnvMaskEverySecret() {
		String seed = userSeed();
		this.runner
			.withPropertyValues("windshift.nats.servers=" + nats.url(), "windshift.nats.username=alice",
					"windshift.nats.password=" + PASSWORD)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				String configprops = DescriptorText.of(configprops(context));
				assertThat(configprops).contains("windshift.nats").contains("alice").doesNotContain(PASSWORD);
				String env = DescriptorText
					.of(new EnvironmentEndpoint(context.getEnvironment(), functions(context), Show.ALWAYS)
						.environment("windshift.*"));
				assertThat(env).contains("windshift.nats.username").doesNotContain(PASSWORD);
			});
		// the other secrets: these contexts fail to connect (no such auth on the server),
		// but the
		// configuration properties bean exists before the connection and can be reported
		this.runner
			.withPropertyValues("windshift.nats.servers=nats://bob:url-secret-77@127.0.0.1:1",
					"windshift.nats.token=token-secret-77", "windshift.nats.nkey=" + seed,
					"windshift.nats.credentials=file:/tmp/creds-secret-77.creds")
			.withPropertyValues("windshift.nats.connection-timeout=200ms")
			.run((context) -> {
				assertThat(context).hasFailed();
				String output = String.valueOf(context.getStartupFailure());
				assertThat(output).doesNotContain("token-secret-77")
					.doesNotContain(seed)
					.doesNotContain("url-secret-77");
			});
		new ApplicationContextRunner().withUserConfiguration(PropertiesOnly.class)
			.withConfiguration(
					AutoConfigurations.of(WindshiftConnectionAutoConfiguration.SanitizingConfiguration.class))
			.withPropertyValues("windshift.nats.servers=nats://bob:url-secret-77@127.0.0.1:1",
					"windshift.nats.token=token-secret-77", "windshift.nats.nkey=" + seed,
					"windshift.nats.credentials=file:/tmp/creds-secret-77.creds")
			.run((context) -> {
				String configprops = DescriptorText.of(configprops(context));
				assertThat(configprops).contains("windshift.nats")
					.doesNotContain("token-secret-77")
					.doesNotContain(seed)
					.doesNotContain("creds-secret-77")
					.doesNotContain("url-secret-77");
				String env = DescriptorText
					.of(new EnvironmentEndpoint(context.getEnvironment(), functions(context), Show.ALWAYS)
						.environment("windshift.*"));
				assertThat(env).contains("windshift.nats.token")
					.doesNotContain("token-secret-77")
					.doesNotContain(seed)
					.doesNotContain("creds-secret-77")
					.doesNotContain("url-secret-77");
			});
	}

	@Test
	void logsShowNoSecret(CapturedOutput output) {
		// Logback's console appender and JUL's console handler may hold streams from
		// before the capture
		// started (other test classes run first), so the log events are also collected at
		// the source.
		ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
			.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		ListAppender<ILoggingEvent> logback = new ListAppender<>();
		logback.setContext(root.getLoggerContext());
		logback.start();
		root.addAppender(logback);
		List<String> jul = java.util.Collections.synchronizedList(new ArrayList<>());
		Handler julHandler = new Handler() {

			private final SimpleFormatter formatter = new SimpleFormatter();

			@Override
			public void publish(LogRecord record) {
				jul.add(this.formatter.format(record));
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}

		};
		java.util.logging.Logger.getLogger("").addHandler(julHandler);
		try {
			this.runner
				.withPropertyValues("windshift.nats.servers=" + nats.url(), "windshift.nats.username=alice",
						"windshift.nats.password=" + PASSWORD)
				.run((context) -> assertThat(context).hasNotFailed());
			// wrong password: the failure is logged by Spring and jnats
			this.runner
				.withPropertyValues("windshift.nats.servers=" + nats.url(), "windshift.nats.username=alice",
						"windshift.nats.password=wrong-" + PASSWORD, "windshift.nats.connection-timeout=700ms")
				.run((context) -> assertThat(context).hasFailed());
			// credentials in the URL of an unreachable server
			this.runner
				.withPropertyValues("windshift.nats.servers=nats://alice:" + PASSWORD + "@127.0.0.1:1",
						"windshift.nats.connection-timeout=200ms")
				.run((context) -> {
					assertThat(context).hasFailed();
					context.getStartupFailure().printStackTrace();
				});
		}
		finally {
			root.detachAppender(logback);
			java.util.logging.Logger.getLogger("").removeHandler(julHandler);
		}
		StringBuilder logs = new StringBuilder(output.getAll());
		synchronized (logback) {
			for (ILoggingEvent event : logback.list) {
				logs.append(event.getFormattedMessage()).append('\n');
				for (IThrowableProxy ex = event.getThrowableProxy(); ex != null; ex = ex.getCause()) {
					logs.append(ex.getClassName()).append(": ").append(ex.getMessage()).append('\n');
				}
			}
		}
		synchronized (jul) {
			jul.forEach(logs::append);
		}
		assertThat(logs).contains("natsConnectionManager").contains("Authorization Violation").doesNotContain(PASSWORD);
	}

	private static ConfigurationPropertiesReportEndpoint.ConfigurationPropertiesDescriptor configprops(
			ApplicationContext context) {
		ConfigurationPropertiesReportEndpoint endpoint = new ConfigurationPropertiesReportEndpoint(functions(context),
				Show.ALWAYS);
		endpoint.setApplicationContext(context);
		return endpoint.configurationProperties();
	}

	private static List<SanitizingFunction> functions(ApplicationContext context) {
		return context.getBeanProvider(SanitizingFunction.class).orderedStream().toList();
	}

	private static String userSeed() {
		try {
			return new String(NKey.createUser(null).getSeed());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	@org.springframework.boot.context.properties.EnableConfigurationProperties(WindshiftNatsProperties.class)
	static class PropertiesOnly {

	}

}
