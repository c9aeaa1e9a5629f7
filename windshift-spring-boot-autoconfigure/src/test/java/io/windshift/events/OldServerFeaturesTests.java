package io.windshift.events;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.nats.client.Connection;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.windshift.test.TestConnections;
import io.windshift.test.NatsServer;
import io.windshift.test.NatsServerBinary;
import io.windshift.test.NatsServerConfig;
import io.windshift.test.proto.OrderCreated;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * On a 2.10 server, delayed events, TTLs and atomic batches are refused with the server
 * version they need, instead of being stored at once or kept for ever. Skipped when no
 * 2.10 binary can be had ({@code NATS_SERVER_SUITE=trixie
 * scripts/nats-server.sh}).
 */
class OldServerFeaturesTests {

	private static NatsServer server;

	private static Connection connection;

	private static WindshiftTemplate template;

	@BeforeAll
	static void start() throws Exception {
		Optional<Path> binary = NatsServerBinary.ofSuite("trixie");
		assumeTrue(binary.isPresent(),
				"no nats-server 2.10 binary: run NATS_SERVER_SUITE=trixie scripts/nats-server.sh");
		server = NatsServer.start(NatsServerConfig.defaults().binary(binary.get()));
		connection = TestConnections.connect(server.url());
		assumeTrue(connection.getServerInfo().getVersion().startsWith("2.10."),
				() -> "expected a 2.10 server, got " + connection.getServerInfo().getVersion());
		connection.jetStreamManagement()
			.addStream(StreamConfiguration.builder()
				.name("old")
				.subjects("old.>")
				.storageType(StorageType.Memory)
				.allowMessageTtl(true)
				.allowMessageSchedules(true)
				.allowRollup(true)
				.build());
		connection.jetStreamManagement()
			.addStream(StreamConfiguration.builder()
				.name("now")
				.subjects("now.>")
				.storageType(StorageType.Memory)
				.build());
		template = WindshiftTemplate.builder(connection).build();
	}

	@AfterAll
	static void stop() throws Exception {
		if (template != null) {
			template.close();
		}
		if (connection != null) {
			connection.close();
		}
		if (server != null) {
			server.close();
		}
	}

	@Test
	void aDelayedEventNamesTheServerVersionItNeeds() throws Exception {
		assertThatExceptionOfType(UnsupportedFeatureException.class)
			.isThrownBy(() -> template.publish(OutgoingEvent.builder("old.later", OrderCreated.getDefaultInstance())
				.deliverAfter(Duration.ofSeconds(1))
				.build()))
			.withMessageContaining("delayed events need nats-server 2.12.0 or later, connected to 2.10.")
			.satisfies((ex) -> assertThat(ex.getRequiredServerVersion()).isEqualTo("2.12.0"));
		assertThat(connection.jetStreamManagement().getStreamInfo("old").getStreamState().getMsgCount()).isZero();
	}

	@Test
	void aTimeToLiveNamesTheServerVersionItNeeds() throws Exception {
		assertThatExceptionOfType(UnsupportedFeatureException.class).isThrownBy(() -> template.publish(
				OutgoingEvent.builder("old.ttl", OrderCreated.getDefaultInstance()).ttl(Duration.ofSeconds(5)).build()))
			.withMessageContaining("per-event time to live need nats-server 2.11.0 or later");
		assertThat(connection.jetStreamManagement().getStreamInfo("old").getStreamState().getMsgCount()).isZero();
	}

	@Test
	void anAtomicBatchNamesTheServerVersionItNeeds() throws Exception {
		assertThatExceptionOfType(UnsupportedFeatureException.class)
			.isThrownBy(() -> template
				.publishAtomically(java.util.List.of(OutgoingEvent.of("old.a", OrderCreated.getDefaultInstance()),
						OutgoingEvent.of("old.b", OrderCreated.getDefaultInstance()))))
			.withMessageContaining("atomic batches need nats-server 2.12.0 or later");
		assertThat(connection.jetStreamManagement().getStreamInfo("old").getStreamState().getMsgCount()).isZero();
	}

	@Test
	void plainPublishingStillWorks() {
		assertThat(template.publish("now.a", OrderCreated.getDefaultInstance()).stream()).isEqualTo("now");
	}

}
