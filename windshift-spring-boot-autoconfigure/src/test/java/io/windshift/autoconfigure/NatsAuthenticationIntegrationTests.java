package io.windshift.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

import io.nats.client.Connection;
import io.nats.client.NKey;
import io.windshift.test.NatsServer;
import io.windshift.test.NatsServerConfig;
import io.windshift.test.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static io.windshift.autoconfigure.WindshiftConnectionAutoConfigurationTests.fullMessage;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every authentication mode and TLS against real servers, and the startup errors for
 * wrong credentials.
 */
class NatsAuthenticationIntegrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(WindshiftConnectionAutoConfiguration.class, SslAutoConfiguration.class))
		.withPropertyValues("windshift.nats.connection-timeout=3s");

	/**
	 * jnats waits out the connection timeout after the server rejects the credentials.
	 */
	private final ApplicationContextRunner rejecting = this.runner
		.withPropertyValues("windshift.nats.connection-timeout=700ms");

	@Test
	void userAndPassword() {
		try (NatsServer server = NatsServer.start(NatsServerConfig.defaults().userPassword("alice", "s3cret-pw"))) {
			this.runner
				.withPropertyValues("windshift.nats.servers=" + server.url(), "windshift.nats.username=alice",
						"windshift.nats.password=s3cret-pw")
				.run((context) -> assertConnected(context.getBean(Connection.class)));
			this.rejecting
				.withPropertyValues("windshift.nats.servers=" + server.url(), "windshift.nats.username=alice",
						"windshift.nats.password=wrong-pw")
				.run((context) -> assertThat(fullMessage(context.getStartupFailure()))
					.contains("NATS server at [" + server.url() + "] rejected the credentials (AuthenticationException")
					.doesNotContain("wrong-pw"));
			this.rejecting.withPropertyValues("windshift.nats.servers=" + server.url())
				.run((context) -> assertThat(fullMessage(context.getStartupFailure()))
					.contains("rejected the credentials"));
		}
	}

	@Test
	void token() {
		try (NatsServer server = NatsServer.start(NatsServerConfig.defaults().token("t0ken-value"))) {
			this.runner.withPropertyValues("windshift.nats.servers=" + server.url(), "windshift.nats.token=t0ken-value")
				.run((context) -> assertConnected(context.getBean(Connection.class)));
			this.rejecting
				.withPropertyValues("windshift.nats.servers=" + server.url(), "windshift.nats.token=other-token")
				.run((context) -> assertThat(fullMessage(context.getStartupFailure()))
					.contains("rejected the credentials")
					.doesNotContain("other-token"));
		}
	}

	@Test
	void nkey() throws Exception {
		NKey user = NKey.createUser(new SecureRandom());
		NKey stranger = NKey.createUser(new SecureRandom());
		try (NatsServer server = NatsServer.start(NatsServerConfig.defaults().nkey(new String(user.getPublicKey())))) {
			this.runner
				.withPropertyValues("windshift.nats.servers=" + server.url(),
						"windshift.nats.nkey=" + new String(user.getSeed()))
				.run((context) -> assertConnected(context.getBean(Connection.class)));
			String strangerSeed = new String(stranger.getSeed());
			this.rejecting
				.withPropertyValues("windshift.nats.servers=" + server.url(), "windshift.nats.nkey=" + strangerSeed)
				.run((context) -> assertThat(fullMessage(context.getStartupFailure()))
					.contains("rejected the credentials")
					.doesNotContain(strangerSeed));
		}
	}

	@Test
	void nkeySeedOfTheWrongTypeIsRejected() throws Exception {
		String accountSeed = new String(NKey.createAccount(new SecureRandom()).getSeed());
		this.runner
			.withPropertyValues("windshift.nats.servers=nats://127.0.0.1:1", "windshift.nats.nkey=" + accountSeed)
			.run((context) -> assertThat(fullMessage(context.getStartupFailure()))
				.contains("windshift.nats.nkey is not a user nkey seed")
				.doesNotContain(accountSeed));
	}

	@Test
	void tls(@TempDir Path dir) {
		TestCertificates certificates = TestCertificates.generate(dir);
		try (NatsServer server = NatsServer.start(NatsServerConfig.defaults()
			.tls(certificates.serverCert(), certificates.serverKey(), certificates.caCert(), false))) {
			this.runner
				.withPropertyValues("windshift.nats.servers=" + server.url(), "windshift.nats.ssl.bundle=nats",
						"spring.ssl.bundle.pem.nats.truststore.certificate=file:" + certificates.caCert())
				.run((context) -> {
					Connection connection = context.getBean(Connection.class);
					assertConnected(connection);
					assertThat(connection.getServerInfo().isTLSRequired()).isTrue();
				});
			// without the bundle, a server certificate from an unknown CA is not trusted
			this.runner.withPropertyValues("windshift.nats.servers=" + server.url())
				.run((context) -> assertThat(context).hasFailed());
		}
	}

	@Test
	void sslBundleNeverFallsBackToPlaintext(@TempDir Path dir) {
		TestCertificates certificates = TestCertificates.generate(dir);
		try (NatsServer server = NatsServer.start()) {
			this.runner
				.withPropertyValues("windshift.nats.servers=" + server.url(), "windshift.nats.ssl.bundle=nats",
						"spring.ssl.bundle.pem.nats.truststore.certificate=file:" + certificates.caCert())
				.run((context) -> assertThat(fullMessage(context.getStartupFailure()))
					.contains("Could not connect to NATS at [" + server.url() + "]"));
		}
	}

	@Test
	void mutualTls(@TempDir Path dir) {
		TestCertificates certificates = TestCertificates.generate(dir);
		try (NatsServer server = NatsServer.start(NatsServerConfig.defaults()
			.tls(certificates.serverCert(), certificates.serverKey(), certificates.caCert(), true))) {
			this.runner
				.withPropertyValues("windshift.nats.servers=" + server.url(), "windshift.nats.ssl.bundle=nats",
						"spring.ssl.bundle.pem.nats.truststore.certificate=file:" + certificates.caCert(),
						"spring.ssl.bundle.pem.nats.keystore.certificate=file:" + certificates.clientCert(),
						"spring.ssl.bundle.pem.nats.keystore.private-key=file:" + certificates.clientKey())
				.run((context) -> assertConnected(context.getBean(Connection.class)));
			// trust only, no client certificate: the server refuses
			this.rejecting
				.withPropertyValues("windshift.nats.servers=" + server.url(), "windshift.nats.ssl.bundle=nats",
						"spring.ssl.bundle.pem.nats.truststore.certificate=file:" + certificates.caCert())
				.run((context) -> assertThat(context).hasFailed());
		}
	}

	@Test
	void credentialsFileIsReadAndPassedToJnats(@TempDir Path dir) throws Exception {
		// A real JWT login needs a server in operator mode; this checks that the .creds
		// resource reaches
		// jnats as its auth handler (jnats then presents the JWT and signs the nonce with
		// the seed).
		NKey user = NKey.createUser(new SecureRandom());
		String jwt = "eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.e30.c2ln";
		Path creds = dir.resolve("user.creds");
		Files.writeString(creds,
				"-----BEGIN NATS USER JWT-----\n" + jwt + "\n------END NATS USER JWT------\n\n"
						+ "-----BEGIN USER NKEY SEED-----\n" + new String(user.getSeed())
						+ "\n------END USER NKEY SEED------\n");
		WindshiftNatsProperties properties = new WindshiftNatsProperties();
		properties.setCredentials(new org.springframework.core.io.FileSystemResource(creds));
		io.nats.client.Options options = new NatsOptionsFactory(properties,
				new PropertiesWindshiftConnectionDetails(properties, null), null, java.util.List.of())
			.create();
		assertThat(options.getAuthHandler()).isNotNull();
		assertThat(new String(options.getAuthHandler().getJWT())).isEqualTo(jwt);
		assertThat(new String(options.getAuthHandler().getID())).isEqualTo(new String(user.getPublicKey()));
		byte[] nonce = "nonce".getBytes();
		assertThat(user.verify(nonce, options.getAuthHandler().sign(nonce))).isTrue();
		Path notCreds = dir.resolve("other.creds");
		Files.writeString(notCreds, "just text");
		this.runner
			.withPropertyValues("windshift.nats.servers=nats://127.0.0.1:1",
					"windshift.nats.credentials=file:" + notCreds)
			.run((context) -> assertThat(fullMessage(context.getStartupFailure()))
				.contains("windshift.nats.credentials")
				.contains("is not a NATS .creds file"));
	}

	private static void assertConnected(Connection connection) {
		assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
		assertThat(connection.getServerInfo().isJetStreamAvailable()).isTrue();
	}

}
