package io.windshift.admin;

import java.time.Duration;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StreamInfo;
import io.windshift.consumers.ConsumerDefinition;
import io.windshift.streams.StreamDefinition;
import io.windshift.test.NatsCluster;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Replicated streams on a 3-node cluster. */
class WindshiftAdminClusterTests {

	@Test
	void createsAndUpdatesStreamsWithThreeReplicas() throws Exception {
		try (NatsCluster cluster = NatsCluster.start()) {
			Options options = Options.builder().servers(cluster.urls().toArray(String[]::new)).build();
			try (Connection connection = Nats.connect(options)) {
				WindshiftAdmin admin = new WindshiftAdmin(connection);
				// the cluster answers JetStream requests once it has elected a meta leader
				await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
					.until(() -> admin.streamInfo("replicated").isEmpty());
				StreamDefinition definition = StreamDefinition.builder("replicated").subjects("replicated.>")
					.replicas(3).build();
				admin.ensureStream(definition);
				await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
					StreamInfo info = admin.streamInfo("replicated").orElseThrow();
					assertThat(info.getConfiguration().getReplicas()).isEqualTo(3);
					assertThat(info.getClusterInfo().getReplicas()).hasSize(2);
				});
				admin.ensureStream(definition.toBuilder().description("three copies").build());
				assertThat(admin.streamInfo("replicated").orElseThrow().getConfiguration().getDescription())
					.isEqualTo("three copies");
				admin.ensureConsumer(ConsumerDefinition.builder("replicated").name("worker").build());
				assertThat(admin.consumerInfo("replicated", "worker").orElseThrow().getClusterInfo().getReplicas())
					.hasSize(2);
				admin.ensureStream(StreamDefinition.builder("grown").subjects("grown.>").build());
				admin.ensureStream(StreamDefinition.builder("grown").subjects("grown.>").replicas(3).build());
				assertThat(admin.streamInfo("grown").orElseThrow().getConfiguration().getReplicas()).isEqualTo(3);
			}
		}
	}

}
