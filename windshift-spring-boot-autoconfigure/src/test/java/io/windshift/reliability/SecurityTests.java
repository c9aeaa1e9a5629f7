package io.windshift.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import io.nats.client.Connection;
import io.windshift.admin.WindshiftAdmin;
import io.windshift.autoconfigure.WindshiftConnectionAutoConfiguration;
import io.windshift.autoconfigure.WindshiftTemplateAutoConfiguration;
import io.windshift.events.PermissionDeniedException;
import io.windshift.events.PublishTimeoutException;
import io.windshift.events.WindshiftException;
import io.windshift.events.WindshiftTemplate;
import io.windshift.streams.StreamDefinition;
import io.windshift.test.NatsOperator;
import io.windshift.test.NatsServer;
import io.windshift.test.NatsServerConfig;
import io.windshift.test.ReliabilityFigures;
import io.windshift.test.TestCertificates;
import io.windshift.test.proto.OrderCreated;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What the connection tests ({@code NatsAuthenticationIntegrationTests}) leave out: JWT
 * users in operator mode (valid, expired, revoked), a server certificate that does not
 * verify, TLS asked for by the URL without a bundle, and per-subject permissions (a
 * denied publish, a listener on a denied consumer).
 */
@ExtendWith(OutputCaptureExtension.class)
@Tag("reliability")
class SecurityTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WindshiftConnectionAutoConfiguration.class,
				WindshiftTemplateAutoConfiguration.class, SslAutoConfiguration.class))
		.withPropertyValues("windshift.nats.connection-timeout=10s");

	@Test
	void jwtUsersConnectAndExpiredOrRevokedOnesAreRejected(@TempDir Path dir) {
		NatsOperator operator = NatsOperator.create();
		NatsOperator.User valid = operator.user("valid");
		NatsOperator.User expired = operator.user("expired", Duration.ofMinutes(1),
				Instant.now().minus(Duration.ofHours(1)));
		NatsOperator.User revoked = operator.user("revoked");
		operator.revoke(revoked);
		try (NatsServer server = NatsServer.start(NatsServerConfig.defaults().extra(operator.serverConfig()))) {
			this.runner
				.withPropertyValues("windshift.nats.servers=" + server.url(),
						"windshift.nats.credentials=file:" + valid.writeCreds(dir))
				.run((context) -> {
					assertThat(context).hasNotFailed();
					Connection connection = context.getBean(Connection.class);
					assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
					assertThat(connection.getServerInfo().isJetStreamAvailable()).isTrue();
					new WindshiftAdmin(connection)
						.ensureStream(StreamDefinition.builder("orders").subjects("orders.>").build());
					assertThat(context.getBean(WindshiftTemplate.class)
						.publish("orders.created", OrderCreated.newBuilder().setOrderId("jwt-1").build())
						.id()).isEqualTo(1);
				});
			for (NatsOperator.User rejected : new NatsOperator.User[] { expired, revoked }) {
				String creds = "windshift.nats.credentials=file:" + rejected.writeCreds(dir);
				// a connect attempt that times out on a loaded machine says nothing about
				// credentials: try again
				org.awaitility.Awaitility.await()
					.atMost(java.time.Duration.ofSeconds(60))
					.untilAsserted(() -> this.runner
						.withPropertyValues("windshift.nats.servers=" + server.url(),
								"windshift.nats.connection-timeout=5s", creds)
						.run((context) -> assertThat(fullMessage(context.getStartupFailure())).as(rejected.name())
							.contains("NATS server at [" + server.url() + "] rejected the credentials")
							.contains("windshift.nats")
							.doesNotContain(rejected.jwt())
							.doesNotContain(rejected.seed())));
			}
		}
	}

	@Test
	void aServerCertificateFromAnotherCaIsRefused(@TempDir Path dir) {
		TestCertificates served = TestCertificates.generate(dir.resolve("served"));
		TestCertificates trusted = TestCertificates.generate(dir.resolve("trusted"));
		try (NatsServer server = NatsServer
			.start(NatsServerConfig.defaults().tls(served.serverCert(), served.serverKey(), served.caCert(), false))) {
			this.runner
				.withPropertyValues("windshift.nats.servers=" + server.url(), "windshift.nats.ssl.bundle=nats",
						"spring.ssl.bundle.pem.nats.truststore.certificate=file:" + trusted.caCert(),
						"windshift.nats.connection-timeout=5s")
				.run((context) -> assertThat(fullMessage(context.getStartupFailure()))
					.contains("Could not connect to NATS at [" + server.url() + "]")
					.contains("last error: SSLHandshakeException")
					.contains("PKIX"));
		}
	}

	@Test
	void tlsUrlWithoutBundleNeverFallsBackToPlaintext() {
		try (NatsServer plaintext = NatsServer.start()) {
			String tlsUrl = "tls://127.0.0.1:" + plaintext.port();
			this.runner.withPropertyValues("windshift.nats.servers=" + tlsUrl, "windshift.nats.connection-timeout=1s")
				.run((context) -> assertThat(fullMessage(context.getStartupFailure()))
					.contains("Could not connect to NATS at [" + tlsUrl + "]"));
		}
	}

	@Test
	void aPublishToADeniedSubjectFailsWithAPermissionsError() {
		try (NatsServer server = NatsServer.start(NatsServerConfig.defaults().extra("""
				authorization {
				  users: [
				    { user: admin, password: admin-pw }
				    { user: app, password: app-pw, permissions: {
				        publish: { allow: ["orders.>", "$JS.API.>", "$JS.ACK.>", "_INBOX.>"] }
				        subscribe: { allow: ["_INBOX.>"] }
				    } }
				  ]
				}
				"""))) {
			this.runner
				.withPropertyValues("windshift.nats.servers=" + server.url(), "windshift.nats.username=admin",
						"windshift.nats.password=admin-pw")
				.run((context) -> {
					WindshiftAdmin admin = new WindshiftAdmin(context.getBean(Connection.class));
					admin.ensureStream(StreamDefinition.builder("orders").subjects("orders.>").build());
					admin.ensureStream(StreamDefinition.builder("secrets").subjects("secret.>").build());
				});
			this.runner
				.withPropertyValues("windshift.nats.servers=" + server.url(), "windshift.nats.username=app",
						"windshift.nats.password=app-pw", "windshift.publish.timeout=3s")
				.run((context) -> {
					WindshiftTemplate template = context.getBean(WindshiftTemplate.class);
					assertThat(template.publish("orders.created", OrderCreated.getDefaultInstance()).id()).isOne();
					long start = System.nanoTime();
					assertThatExceptionOfType(WindshiftException.class)
						.isThrownBy(() -> template.publish("secret.created", OrderCreated.getDefaultInstance()))
						.satisfies((ex) -> {
							assertThat(ex).isInstanceOf(PermissionDeniedException.class)
								.isNotInstanceOf(PublishTimeoutException.class);
							assertThat(ex.getMessage()).contains("secret.created").containsIgnoringCase("permission");
							assertThat(ex.isRetryable()).isFalse();
						});
					assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
					start = System.nanoTime();
					assertThat(template.publishAsync("secret.created", OrderCreated.getDefaultInstance()))
						.failsWithin(Duration.ofSeconds(2))
						.withThrowableThat()
						.havingRootCause()
						.isInstanceOf(PermissionDeniedException.class)
						.withMessageContaining("may not publish to subject 'secret.created'");
					assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
					assertThat(template.publish("orders.created", OrderCreated.getDefaultInstance()).id()).isEqualTo(2);
				});
		}
	}

	@Test
	void aListenerOnADeniedConsumerFailsWithAPermissionsError(CapturedOutput output) {
		try (NatsServer server = NatsServer.start(NatsServerConfig.defaults().extra("""
				authorization {
				  users: [
				    { user: admin, password: admin-pw }
				    { user: app, password: app-pw, permissions: {
				        publish: { allow: ["ledger.>", "$JS.API.>", "$JS.ACK.>", "_INBOX.>"],
				                   deny: ["$JS.API.CONSUMER.>"] }
				        subscribe: { allow: ["_INBOX.>"] }
				    } }
				  ]
				}
				"""))) {
			this.runner
				.withPropertyValues("windshift.nats.servers=" + server.url(), "windshift.nats.username=admin",
						"windshift.nats.password=admin-pw")
				.run((context) -> new WindshiftAdmin(context.getBean(Connection.class))
					.ensureStream(StreamDefinition.builder("ledger").subjects("ledger.>").build()));
			long start = System.nanoTime();
			ReliabilityApp.runner(server.url(), new ReliabilityFigures(), ReliabilityApp.Behaviour.NONE)
				.withPropertyValues("windshift.nats.username=app", "windshift.nats.password=app-pw",
						"windshift.streams.ledger.subjects=ledger.>")
				.run((context) -> {
					String failure = (context.getStartupFailure() != null) ? fullMessage(context.getStartupFailure())
							: "";
					// Windshift's own message (startup failure or the listener's log),
					// not only jnats' raw log line
					await().atMost(Duration.ofSeconds(10))
						.untilAsserted(() -> assertThat((failure + output.getAll()).lines()
							.filter((line) -> line.contains("Listener 'ledger'")
									|| line.contains("WindshiftException")))
							.anySatisfy((line) -> assertThat(line).containsIgnoringCase("permission")));
					// at startup the denial fails it, like a missing stream: naming the
					// listener, stream, consumer
					// and the denied API subject
					assertThat(failure).contains("Listener 'ledger' could not start")
						.contains("Consumer 'ledger-worker' of stream 'ledger'")
						.contains("permission denied")
						.contains("$JS.API.CONSUMER.INFO.ledger.ledger-worker")
						.contains("PermissionDeniedException")
						.doesNotContain("PublishTimeoutException");
				});
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
		}
	}

	static String fullMessage(Throwable failure) {
		StringBuilder message = new StringBuilder();
		for (Throwable ex = failure; ex != null; ex = ex.getCause()) {
			message.append(ex).append('\n');
		}
		return message.toString();
	}

}
