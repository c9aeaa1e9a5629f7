package io.windshift.admin;

import java.time.Duration;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StreamInfo;
import io.windshift.autoconfigure.WindshiftAdminAutoConfiguration;
import io.windshift.autoconfigure.WindshiftConnectionAutoConfiguration;
import io.windshift.consumers.ConsumerDefinition;
import io.windshift.streams.StreamDefinition;
import io.windshift.test.NatsCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Replicated streams on a 3-node cluster. */
@Tag("slow")
class WindshiftAdminClusterTests {

	@Test
	void declaresAndUpdatesStreamsWithThreeReplicas() throws Exception {
		try (NatsCluster cluster = NatsCluster.start()) {
			// started right away: declarations are retried while the cluster elects its
			// leader
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(WindshiftConnectionAutoConfiguration.class,
						WindshiftAdminAutoConfiguration.class))
				.withPropertyValues("windshift.nats.servers=" + cluster.urlList(),
						"windshift.streams.replicated.subjects=replicated.>", "windshift.streams.replicated.replicas=3",
						"windshift.consumers.worker.stream=replicated")
				.run((context) -> assertThat(context).hasNotFailed());
			Options options = Options.builder().servers(cluster.urls().toArray(String[]::new)).build();
			try (Connection connection = Nats.connect(options)) {
				WindshiftAdmin admin = new WindshiftAdmin(connection);
				await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
					StreamInfo info = admin.streamInfo("replicated").orElseThrow();
					assertThat(info.getConfiguration().getReplicas()).isEqualTo(3);
					assertThat(info.getClusterInfo().getReplicas()).hasSize(2);
				});
				assertThat(admin.consumerInfo("replicated", "worker").orElseThrow().getClusterInfo().getReplicas())
					.hasSize(2);
				StreamDefinition definition = StreamDefinition.builder("replicated")
					.subjects("replicated.>")
					.replicas(3)
					.build();
				admin.ensureStream(definition.toBuilder().description("three copies").build());
				assertThat(admin.streamInfo("replicated").orElseThrow().getConfiguration().getDescription())
					.isEqualTo("three copies");
				admin.ensureStream(StreamDefinition.builder("grown").subjects("grown.>").build());
				admin.ensureStream(StreamDefinition.builder("grown").subjects("grown.>").replicas(3).build());
				assertThat(admin.streamInfo("grown").orElseThrow().getConfiguration().getReplicas()).isEqualTo(3);
				// while the stream gains its new peers the servers may briefly refuse new
				// consumers
				await().atMost(Duration.ofSeconds(20))
					.ignoreExceptions()
					.until(() -> admin
						.ensureConsumer(ConsumerDefinition.builder("grown").name("late").build()) != null);
				assertThat(admin.consumerInfo("grown", "late")).isPresent();
			}
		}
	}

}
