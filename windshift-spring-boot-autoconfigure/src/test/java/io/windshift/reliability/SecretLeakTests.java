package io.windshift.reliability;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.nats.client.Connection;
import io.nats.client.NKey;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.windshift.events.WindshiftTemplate;
import io.windshift.events.WireHeaders;
import io.windshift.test.DescriptorText;
import io.windshift.test.NatsOperator;
import io.windshift.test.NatsServer;
import io.windshift.test.NatsServerConfig;
import io.windshift.test.ReliabilityFigures;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.annotation.AnnotationUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the whole starter with every kind of secret (password, token, nkey seed, JWT
 * credentials) through startup, publishing, listening, a poison event, a server restart
 * and rejected credentials, captures every log line (console, Logback, JUL; Windshift at
 * DEBUG), the {@code toString()} of every bean, and the actuator's {@code env},
 * {@code configprops} and every other endpoint's read operations, and finds no secret in
 * any of it.
 */
@ExtendWith(OutputCaptureExtension.class)
@Tag("reliability")
class SecretLeakTests {

	private static final String PASSWORD = "pw-5e1f-leak-probe";

	private static final String TOKEN = "tok-5e1f-leak-probe";

	@Test
	void noSecretInLogsToStringOrActuatorOutput(@TempDir Path dir, CapturedOutput output) throws Exception {
		NKey nkeyUser = NKey.createUser(new SecureRandom());
		String nkeySeed = new String(nkeyUser.getSeed());
		NatsOperator operator = NatsOperator.create();
		NatsOperator.User jwtUser = operator.user("leak-probe");
		NatsOperator.User expired = operator.user("expired", Duration.ofMinutes(1), Instant.now().minusSeconds(3600));
		Path creds = jwtUser.writeCreds(dir);
		Path expiredCreds = expired.writeCreds(dir);
		List<String> secrets = List.of(PASSWORD, TOKEN, nkeySeed, jwtUser.seed(), jwtUser.jwt(), expired.seed(),
				expired.jwt(), jwtPart(jwtUser.jwt()), jwtPart(expired.jwt()));
		StringBuilder seen = new StringBuilder();
		LogCapture logs = LogCapture.start();
		try (NatsServer users = NatsServer.start(NatsServerConfig.defaults()
			.extra("authorization { users: [ " + "{ user: alice, password: \"" + PASSWORD + "\" }, { nkey: "
					+ new String(nkeyUser.getPublicKey()) + " } ] }"));
				NatsServer jwtServer = NatsServer.start(NatsServerConfig.defaults().extra(operator.serverConfig()))) {
			ReliabilityFigures figures = new ReliabilityFigures();
			// JWT credentials: the whole application, a poison event and a server restart
			ReliabilityApp.runner(jwtServer.url(), figures, ReliabilityApp.Behaviour.NONE)
				.withPropertyValues("windshift.nats.credentials=file:" + creds, "windshift.streams.dlq.subjects=dlq.>",
						"test.dlq=dlq.ledger")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					ReliabilityApp.publish(context.getBean(WindshiftTemplate.class), 0, 20, figures);
					Connection connection = context.getBean(Connection.class);
					Headers poison = new Headers();
					poison.put(WireHeaders.DATA_TYPE, "leak.v1.Unknown");
					connection.jetStream()
						.publish(NatsMessage.builder()
							.subject("ledger.poison")
							.headers(poison)
							.data(new byte[] { 1, 2, 3 })
							.build());
					ReliabilityApp.awaitHandled(figures, 20, Duration.ofSeconds(30));
					jwtServer.stop();
					jwtServer.restart();
					await().atMost(Duration.ofSeconds(20))
						.until(() -> connection.getStatus() == Connection.Status.CONNECTED);
					ReliabilityApp.publish(context.getBean(WindshiftTemplate.class), 20, 40, figures);
					ReliabilityApp.awaitHandled(figures, 40, Duration.ofSeconds(30));
					seen.append(inspect(context));
				});
			// password and nkey seed: the whole application against a server with both
			String[][] auths = { { "windshift.nats.username=alice", "windshift.nats.password=" + PASSWORD },
					{ "windshift.nats.nkey=" + nkeySeed } };
			for (int run = 0; run < auths.length; run++) {
				String[] auth = auths[run];
				int from = run * 10;
				ReliabilityFigures more = new ReliabilityFigures();
				ReliabilityApp.runner(users.url(), more, ReliabilityApp.Behaviour.NONE)
					.withPropertyValues(auth)
					.run((context) -> {
						assertThat(context).hasNotFailed();
						ReliabilityApp.publish(context.getBean(WindshiftTemplate.class), from, from + 10, more);
						ReliabilityApp.awaitHandled(more, 10, Duration.ofSeconds(30));
						seen.append(inspect(context));
					});
			}
			// rejected: a wrong password, a token the server does not take, an expired
			// JWT, credentials in a URL
			List<String[]> rejected = List.of(
					new String[] { "windshift.nats.servers=" + users.url(), "windshift.nats.username=alice",
							"windshift.nats.password=wrong-" + PASSWORD },
					new String[] { "windshift.nats.servers=" + users.url(), "windshift.nats.token=" + TOKEN },
					new String[] { "windshift.nats.servers=" + jwtServer.url(),
							"windshift.nats.credentials=file:" + expiredCreds },
					new String[] { "windshift.nats.servers=nats://alice:" + PASSWORD + "@127.0.0.1:" + users.port()
							+ ",nats://bob:" + PASSWORD + "@127.0.0.1:1" });
			for (String[] properties : rejected) {
				ReliabilityApp.runner("nats://127.0.0.1:1", new ReliabilityFigures(), ReliabilityApp.Behaviour.NONE)
					.withPropertyValues(properties)
					.withPropertyValues("windshift.nats.connection-timeout=700ms")
					.run((context) -> {
						if (context.getStartupFailure() != null) {
							for (Throwable ex = context.getStartupFailure(); ex != null; ex = ex.getCause()) {
								seen.append(ex).append('\n');
							}
						}
						else {
							seen.append(inspect(context));
						}
					});
			}
		}
		finally {
			logs.stop();
		}
		String everything = seen + "\n" + logs.text() + "\n" + output.getAll();
		// the capture saw what it should: masked secret properties, startup failures,
		// warnings from listeners
		assertThat(everything).contains("windshift.nats.password")
			.contains("windshift.nats.credentials")
			.contains("rejected the credentials")
			.contains("Poison event in stream 'ledger'")
			.contains("windshiftTemplate");
		for (String secret : secrets) {
			assertThat(everything)
				.as("a secret of %d characters starting with %s", secret.length(), secret.substring(0, 3))
				.doesNotContain(secret);
		}
		ReliabilityFigures.record("secret-leak-scan: scanned=" + everything.length() + " characters, secrets="
				+ secrets.size() + ", found=0");
	}

	/** The claims part of a JWT: unique to it, and what a partial leak would show. */
	private static String jwtPart(String jwt) {
		return jwt.split("\\.")[1];
	}

	/**
	 * Every bean's toString(), the env and configprops endpoints, and every endpoint's
	 * read operations.
	 */
	private static String inspect(AssertableApplicationContext context) {
		StringBuilder out = new StringBuilder();
		for (String name : context.getBeanDefinitionNames()) {
			Object bean = context.getBean(name);
			out.append(name).append(": ").append(bean).append('\n');
			Endpoint endpoint = AnnotationUtils.findAnnotation(bean.getClass(), Endpoint.class);
			if (endpoint != null) {
				out.append(readOperations(bean));
			}
		}
		List<SanitizingFunction> functions = context.getBeanProvider(SanitizingFunction.class).orderedStream().toList();
		ConfigurationPropertiesReportEndpoint configprops = new ConfigurationPropertiesReportEndpoint(functions,
				Show.ALWAYS);
		configprops.setApplicationContext(context);
		out.append(DescriptorText.of(configprops.configurationProperties())).append('\n');
		out.append(DescriptorText
			.of(new EnvironmentEndpoint(context.getEnvironment(), functions, Show.ALWAYS).environment(null)))
			.append('\n');
		return out.toString();
	}

	private static String readOperations(Object endpoint) {
		StringBuilder out = new StringBuilder();
		for (Method method : endpoint.getClass().getMethods()) {
			if (method.getParameterCount() == 0
					&& AnnotationUtils.findAnnotation(method, ReadOperation.class) != null) {
				try {
					out.append(DescriptorText.of(method.invoke(endpoint))).append('\n');
				}
				catch (ReflectiveOperationException ex) {
					out.append(ex).append('\n');
				}
			}
		}
		return out.toString();
	}

	/**
	 * Collects log events at Logback and JUL (console streams may predate the output
	 * capture).
	 */
	private static final class LogCapture {

		private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

		private final Logger windshift = (Logger) LoggerFactory.getLogger("io.windshift");

		private final Level windshiftLevel = this.windshift.getLevel();

		private final ListAppender<ILoggingEvent> logback = new ListAppender<>();

		private final List<String> jul = Collections.synchronizedList(new ArrayList<>());

		private final Handler julHandler = new Handler() {

			private final SimpleFormatter formatter = new SimpleFormatter();

			@Override
			public void publish(LogRecord record) {
				LogCapture.this.jul.add(this.formatter.format(record));
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}

		};

		static LogCapture start() {
			LogCapture capture = new LogCapture();
			capture.logback.setContext(capture.root.getLoggerContext());
			capture.logback.start();
			capture.root.addAppender(capture.logback);
			capture.windshift.setLevel(Level.DEBUG);
			java.util.logging.Logger.getLogger("").addHandler(capture.julHandler);
			return capture;
		}

		void stop() {
			this.root.detachAppender(this.logback);
			this.windshift.setLevel(this.windshiftLevel);
			java.util.logging.Logger.getLogger("").removeHandler(this.julHandler);
		}

		String text() {
			StringBuilder out = new StringBuilder();
			synchronized (this.logback) {
				for (ILoggingEvent event : List.copyOf(this.logback.list)) {
					out.append(event.getFormattedMessage()).append('\n');
					for (IThrowableProxy ex = event.getThrowableProxy(); ex != null; ex = ex.getCause()) {
						out.append(ex.getClassName()).append(": ").append(ex.getMessage()).append('\n');
					}
				}
			}
			synchronized (this.jul) {
				this.jul.forEach(out::append);
			}
			return out.toString();
		}

	}

}
