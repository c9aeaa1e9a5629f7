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

import io.windshift.listener.WindshiftListenerOrderingInstancesTests.Instance;
import io.windshift.listener.WindshiftListenerOrderingInstancesTests.InstanceConfig;
import io.windshift.test.NatsCluster;
import io.windshift.test.NatsServer;
import io.windshift.test.proto.OrderCreated;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static io.windshift.listener.ListenerTestSupport.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A 3-node cluster losing the leader of the listener's consumer (and its stream, if the
 * same node): the listener keeps handling every event without a restart, and ordered
 * listeners keep every key's order.
 */
@Tag("slow")
class WindshiftListenerClusterTests {

	private static final int ORDERED_KEYS = 16;

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

	/**
	 * Two ordered instances sharing a consumer: nothing lost, every key exclusive and in
	 * order.
	 */
	@Test
	void orderedListenersKeepOrderWhenTheConsumerLeaderIsLost() throws Exception {
		String[] created = new String[1];
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
			created[0] = ListenerTestSupport.createStream(connection, "orderedcluster", 3);
			return true;
		});
		String stream = created[0];
		KeyedHistory history = new KeyedHistory();
		ApplicationContextRunner runner = ListenerTestSupport.runner(cluster.urls().toArray(String[]::new))
			.withUserConfiguration(InstanceConfig.class)
			.withPropertyValues("test.stream=" + stream, "windshift.listener.processing-timeout=3s");
		runner.run((one) -> runner.run((two) -> {
			one.getBean(Instance.class).history = history;
			two.getBean(Instance.class).history = history;
			publishKeyed(stream, 0, ORDERED_KEYS * 10);
			await().atMost(Duration.ofSeconds(30)).until(() -> history.distinct() >= ORDERED_KEYS * 5);
			String leader = ListenerTestSupport.consumerInfo(connection, stream, "shared").getClusterInfo().getLeader();
			NatsServer killed = cluster.node(leader);
			killed.kill();
			publishKeyed(stream, ORDERED_KEYS * 10, ORDERED_KEYS * 10);
			await().atMost(Duration.ofSeconds(60)).until(() -> history.distinct() == ORDERED_KEYS * 20);
			assertThat(history.violations).isEmpty();
			for (int k = 0; k < ORDERED_KEYS; k++) {
				assertThat(history.idsByKey.get("k" + k)).as("key k" + k).hasSizeGreaterThanOrEqualTo(20).isSorted();
			}
			killed.restart();
		}));
	}

	private static void publishKeyed(String stream, int from, int count) {
		for (int i = from; i < from + count; i++) {
			int key = i % ORDERED_KEYS;
			String subject = stream + ".k" + key + ".x";
			int n = i;
			await().atMost(Duration.ofSeconds(15))
				.ignoreExceptions()
				.until(() -> ListenerTestSupport.publish(connection, subject, order("k" + key + ":" + n)) != null);
		}
	}

}
