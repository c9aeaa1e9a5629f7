package io.windshift.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The test harness itself: real servers start, survive kill -9 with their store, and form
 * a cluster.
 */
class HarnessTests {

	@Test
	void singleNodeKeepsItsStoreAcrossKillAndRestart() throws Exception {
		try (NatsServer server = NatsServer.start(NatsServerConfig.defaults().syncAlways())) {
			try (Connection nc = Nats.connect(server.url())) {
				JetStreamManagement jsm = nc.jetStreamManagement();
				jsm.addStream(
						StreamConfiguration.builder().name("h").subjects("h.>").storageType(StorageType.File).build());
				nc.jetStream().publish("h.1", "x".getBytes(StandardCharsets.UTF_8));
			}
			server.kill();
			assertThat(server.isRunning()).isFalse();
			assertThatThrownBy(() -> Nats.connect(Options.builder().server(server.url()).maxReconnects(0).build()))
				.isInstanceOf(java.io.IOException.class);
			server.restart();
			try (Connection nc = Nats.connect(server.url())) {
				StreamInfo info = nc.jetStreamManagement().getStreamInfo("h");
				assertThat(info.getStreamState().getMsgCount()).isEqualTo(1);
			}
		}
	}

	@Test
	void userPasswordIsEnforced() throws Exception {
		try (NatsServer server = NatsServer.start(NatsServerConfig.defaults().userPassword("alice", "s3cret"))) {
			assertThatThrownBy(() -> Nats.connect(Options.builder().server(server.url()).maxReconnects(0).build()))
				.hasMessageContaining("Authorization");
			try (Connection nc = Nats
				.connect(Options.builder().server(server.url()).userInfo("alice", "s3cret").build())) {
				assertThat(nc.getStatus()).isEqualTo(Connection.Status.CONNECTED);
			}
		}
	}

	@Test
	void threeNodeClusterHostsReplicatedStreams() throws Exception {
		try (NatsCluster cluster = NatsCluster.start()) {
			Options options = Options.builder().servers(cluster.urls().toArray(String[]::new)).build();
			try (Connection nc = Nats.connect(options)) {
				JetStreamManagement jsm = nc.jetStreamManagement();
				StreamInfo info = null;
				long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
				while (info == null) {
					try {
						info = jsm
							.addStream(StreamConfiguration.builder().name("r3").subjects("r3.>").replicas(3).build());
					}
					catch (Exception ex) {
						if (System.nanoTime() > deadline) {
							throw ex;
						}
						org.awaitility.Awaitility.await().pollDelay(Duration.ofMillis(200)).until(() -> true);
					}
				}
				assertThat(info.getConfiguration().getReplicas()).isEqualTo(3);
				assertThat(info.getClusterInfo().getReplicas()).hasSize(2);
				String leader = info.getClusterInfo().getLeader();
				assertThat(cluster.node(leader).isRunning()).isTrue();
			}
		}
	}

}
