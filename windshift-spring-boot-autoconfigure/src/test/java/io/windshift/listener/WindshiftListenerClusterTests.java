package io.windshift.listener;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.nats.client.Connection;
import io.nats.client.api.ConsumerInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.windshift.test.NatsCluster;
import io.windshift.test.NatsServer;
import io.windshift.test.proto.OrderCreated;

import static io.windshift.listener.ListenerTestSupport.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A 3-node cluster losing the leader of the listener's consumer (and its stream, if the same node): the
 * listener keeps handling every event without a restart.
 */
@Tag("slow")
class WindshiftListenerClusterTests {

	private static NatsCluster cluster;

	private static Connection connection;

	@BeforeAll
	static void startCluster() throws Exception {
		cluster = NatsCluster.start();
		connection = ListenerTestSupport.connect(cluster.urls().toArray(String[]::new));
	}

	@AfterAll
	static void stopCluster() throws Exception {
		connection.close();
		cluster.close();
	}

	@Test
	void survivesTheLossOfTheConsumerLeader() throws Exception {
		String[] created = new String[1];
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
			created[0] = ListenerTestSupport.createStream(connection, "replicated", 3);
			return true;
		});
		String stream = created[0];
		ListenerTestSupport.runner(cluster.urls().toArray(String[]::new))
			.withUserConfiguration(ScriptedListeners.AutoConfig.class)
			.withPropertyValues("test.stream=" + stream, "test.timeout=2s")
			.run((context) -> {
				ScriptedListeners.Auto listener = context.getBean(ScriptedListeners.Auto.class);
				Set<String> handled = ConcurrentHashMap.newKeySet();
				listener.behaviour = (event) -> handled.add(event.data().getOrderId());
				for (int i = 0; i < 20; i++) {
					ListenerTestSupport.publish(connection, stream + ".x", order("before-" + i));
				}
				await().atMost(Duration.ofSeconds(15)).until(() -> handled.size() == 20);
				ConsumerInfo info = ListenerTestSupport.consumerInfo(connection, stream, "auto");
				String leader = info.getClusterInfo().getLeader();
				NatsServer killed = cluster.node(leader);
				killed.kill();
				await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
					String newLeader = ListenerTestSupport.consumerInfo(connection, stream, "auto")
						.getClusterInfo()
						.getLeader();
					return newLeader != null && !newLeader.equals(leader);
				});
				for (int i = 0; i < 20; i++) {
					publishRetrying(stream, order("after-" + i));
				}
				await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
					for (int i = 0; i < 20; i++) {
						assertThat(handled).contains("after-" + i);
					}
				});
				killed.restart();
			});
	}

	private static void publishRetrying(String stream, OrderCreated order) {
		await().atMost(Duration.ofSeconds(15))
			.ignoreExceptions()
			.until(() -> ListenerTestSupport.publish(connection, stream + ".x", order) != null);
	}

}
