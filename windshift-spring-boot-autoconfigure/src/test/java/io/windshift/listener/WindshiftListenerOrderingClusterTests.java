package io.windshift.listener;

import java.time.Duration;

import io.nats.client.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.windshift.listener.WindshiftListenerOrderingInstancesTests.History;
import io.windshift.listener.WindshiftListenerOrderingInstancesTests.Instance;
import io.windshift.listener.WindshiftListenerOrderingInstancesTests.InstanceConfig;
import io.windshift.test.NatsCluster;
import io.windshift.test.NatsServer;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static io.windshift.listener.ListenerTestSupport.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A 3-node cluster losing the leader of an ordered consumer while two instances share it: nothing is lost, and
 * every key stays exclusive and in stream order.
 */
class WindshiftListenerOrderingClusterTests {

	private static final int KEYS = 16;

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
	void orderedListenersKeepOrderWhenTheConsumerLeaderIsLost() throws Exception {
		String[] created = new String[1];
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
			created[0] = ListenerTestSupport.createStream(connection, "orderedcluster", 3);
			return true;
		});
		String stream = created[0];
		History history = new History();
		ApplicationContextRunner runner = ListenerTestSupport.runner(cluster.urls().toArray(String[]::new))
			.withUserConfiguration(InstanceConfig.class)
			.withPropertyValues("test.stream=" + stream, "windshift.listener.processing-timeout=3s");
		runner.run((one) -> runner.run((two) -> {
			one.getBean(Instance.class).history = history;
			two.getBean(Instance.class).history = history;
			publish(stream, 0, KEYS * 10);
			await().atMost(Duration.ofSeconds(30)).until(() -> history.distinct() >= KEYS * 5);
			String leader = ListenerTestSupport.consumerInfo(connection, stream, "shared").getClusterInfo().getLeader();
			NatsServer killed = cluster.node(leader);
			killed.kill();
			publish(stream, KEYS * 10, KEYS * 10);
			await().atMost(Duration.ofSeconds(60)).until(() -> history.distinct() == KEYS * 20);
			assertThat(history.violations).isEmpty();
			for (int k = 0; k < KEYS; k++) {
				assertThat(history.idsByKey.get("k" + k)).as("key k" + k).hasSizeGreaterThanOrEqualTo(20).isSorted();
			}
			killed.restart();
		}));
	}

	private static void publish(String stream, int from, int count) {
		for (int i = from; i < from + count; i++) {
			int key = i % KEYS;
			String subject = stream + ".k" + key + ".x";
			int n = i;
			await().atMost(Duration.ofSeconds(15))
				.ignoreExceptions()
				.until(() -> ListenerTestSupport.publish(connection, subject, order("k" + key + ":" + n)) != null);
		}
	}

}
