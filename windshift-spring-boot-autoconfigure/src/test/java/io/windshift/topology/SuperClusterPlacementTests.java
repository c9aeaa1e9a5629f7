package io.windshift.topology;

import java.time.Duration;

import io.nats.client.Connection;
import io.nats.client.api.StreamInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.windshift.test.TestConnections;
import io.windshift.admin.DeclarationException;
import io.windshift.admin.WindshiftAdmin;
import io.windshift.streams.Placement;
import io.windshift.streams.StreamDefinition;
import io.windshift.test.NatsSuperCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Streams placed in a super-cluster of two clusters joined by gateways, from an
 * application connected to the {@code east} cluster: by cluster name, by server tags,
 * moved by a changed placement, and refused with a clear message when no server satisfies
 * the placement.
 */
class SuperClusterPlacementTests {

	private static NatsSuperCluster servers;

	private static Connection connection;

	private static WindshiftAdmin admin;

	@BeforeAll
	static void start() throws Exception {
		servers = NatsSuperCluster.start();
		connection = TestConnections.connect(servers.server("east").url());
		admin = new WindshiftAdmin(connection);
		// JetStream answers once the meta group spans both clusters
		await().atMost(Duration.ofSeconds(30))
			.ignoreExceptions()
			.until(() -> connection.jetStreamManagement().getAccountStatistics() != null);
	}

	@AfterAll
	static void stop() throws Exception {
		connection.close();
		servers.close();
	}

	@Test
	void streamPlacedByClusterNameLivesInThatCluster() {
		StreamInfo info = ensure(StreamDefinition.builder("placed-west")
			.subjects("placed.west.>")
			.placement(Placement.cluster("west"))
			.build());
		assertThat(info.getClusterInfo().getName()).isEqualTo("west");
	}

	@Test
	void streamPlacedByTagLivesOnATaggedServer() {
		StreamInfo info = ensure(StreamDefinition.builder("placed-ssd")
			.subjects("placed.ssd.>")
			.placement(Placement.tagged("ssd"))
			.build());
		assertThat(info.getClusterInfo().getName()).isEqualTo("east");
		StreamInfo hdd = ensure(StreamDefinition.builder("placed-hdd")
			.subjects("placed.hdd.>")
			.placement(Placement.cluster("west").tags("hdd"))
			.build());
		assertThat(hdd.getClusterInfo().getName()).isEqualTo("west");
	}

	@Test
	void placementNoServerSatisfiesFailsNamingStreamAndPlacement() {
		StreamDefinition nowhere = StreamDefinition.builder("placed-nowhere")
			.subjects("placed.nowhere.>")
			.placement(Placement.cluster("east").tags("hdd"))
			.build();
		assertThatExceptionOfType(DeclarationException.class).isThrownBy(() -> admin.ensureStream(nowhere))
			.withMessageContaining("stream 'placed-nowhere'")
			.withMessageContaining("satisfy its placement (cluster east tags [hdd])");
	}

	private static StreamInfo ensure(StreamDefinition definition) {
		admin.ensureStream(definition);
		// the placement is reported once the stream's group has a leader
		return await().atMost(Duration.ofSeconds(15))
			.until(() -> admin.streamInfo(definition.name()).orElseThrow(),
					(info) -> info.getClusterInfo() != null && info.getClusterInfo().getLeader() != null);
	}

}
