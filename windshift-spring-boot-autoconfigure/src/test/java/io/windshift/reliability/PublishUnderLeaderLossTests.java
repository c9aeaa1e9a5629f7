package io.windshift.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StreamInfo;
import io.windshift.admin.WindshiftAdmin;
import io.windshift.delays.Delays;
import io.windshift.events.CallOptions;
import io.windshift.events.OutgoingEvent;
import io.windshift.events.PublishedEvent;
import io.windshift.events.WindshiftException;
import io.windshift.events.WindshiftTemplate;
import io.windshift.streams.StorageType;
import io.windshift.streams.StreamDefinition;
import io.windshift.test.NatsCluster;
import io.windshift.test.NatsServer;
import io.windshift.test.ReliabilityFigures;
import io.windshift.test.StreamContents;
import io.windshift.test.proto.OrderCreated;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A 3-node cluster with a stream of 3 replicas loses its stream leader while events are
 * published (and consumed by a listener), and gets it back. Every publish the server
 * acknowledged is stored exactly once and handled; publishes that failed during the
 * election fail with retryable errors, and retrying them with their idempotency key
 * leaves no duplicate. Losing two of three nodes fails publishes retryably, never as an
 * unbound subject.
 */
@Tag("reliability")
class PublishUnderLeaderLossTests {

	private static final int EVENTS = 4_000;

	private static final int PUBLISHERS = 4;

	@Test
	void streamLeaderKilledMidLoadAndBroughtBack() throws Exception {
		ReliabilityFigures figures = new ReliabilityFigures();
		Map<String, Integer> failureKinds = new ConcurrentHashMap<>();
		List<Throwable> notRetryable = java.util.Collections.synchronizedList(new ArrayList<>());
		try (NatsCluster cluster = NatsCluster.start();
				Connection connection = connect(cluster);
				WindshiftTemplate template = WindshiftTemplate.builder(connection)
					.timeout(Duration.ofSeconds(2))
					.build()) {
			WindshiftAdmin admin = new WindshiftAdmin(connection);
			await().atMost(Duration.ofSeconds(30))
				.ignoreExceptions()
				.until(() -> admin.ensureStream(StreamDefinition.builder("payments")
					.subjects("payments.>")
					.replicas(3)
					.storage(StorageType.FILE)
					.deduplicationWindow(Duration.ofMinutes(5))
					.build()) != null);
			await().atMost(Duration.ofSeconds(30)).until(() -> leader(connection) != null);

			AtomicInteger next = new AtomicInteger();
			CountDownLatch midLoad = new CountDownLatch(EVENTS / 4);
			ExecutorService publishers = Executors.newFixedThreadPool(PUBLISHERS);
			List<Future<?>> running = new ArrayList<>();
			for (int p = 0; p < PUBLISHERS; p++) {
				running.add(publishers.submit(() -> {
					for (int i = next.getAndIncrement(); i < EVENTS; i = next.getAndIncrement()) {
						String id = "payment-" + i;
						OutgoingEvent event = OutgoingEvent
							.builder("payments.captured", OrderCreated.newBuilder().setOrderId(id).build())
							.idempotencyKey(id)
							.build();
						publishUntilAcknowledged(template, event, figures, failureKinds, notRetryable);
						midLoad.countDown();
					}
					return null;
				}));
			}
			assertThat(midLoad.await(60, TimeUnit.SECONDS)).isTrue();
			String oldLeader = leader(connection);
			NatsServer killed = cluster.node(oldLeader);
			killed.kill();
			long killedAt = System.nanoTime();
			await().atMost(Duration.ofSeconds(30))
				.ignoreExceptions()
				.until(() -> leader(connection) != null && !oldLeader.equals(leader(connection)));
			Duration election = Duration.ofNanos(System.nanoTime() - killedAt);
			// let the two survivors take part of the load, then bring the old leader back
			await().atMost(Duration.ofSeconds(60)).until(() -> next.get() >= EVENTS * 3 / 4 || next.get() >= EVENTS);
			killed.restart();
			for (Future<?> publisher : running) {
				publisher.get(120, TimeUnit.SECONDS);
			}
			publishers.shutdown();

			// the restarted node catches up: all three replicas current again
			await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
				StreamInfo info = connection.jetStreamManagement().getStreamInfo("payments");
				assertThat(info.getClusterInfo().getReplicas()).hasSize(2)
					.allSatisfy((replica) -> assertThat(replica.isCurrent()).isTrue());
			});
			StreamInfo afterRecovery = connection.jetStreamManagement().getStreamInfo("payments");
			String streamState = "messages=" + afterRecovery.getStreamState().getMsgCount() + " lastSequence="
					+ afterRecovery.getStreamState().getLastSequence() + " leader="
					+ afterRecovery.getClusterInfo().getLeader() + " killed=" + oldLeader;
			List<Message> stored = StreamContents.read(connection, "payments");
			Map<String, Integer> copies = new HashMap<>();
			for (Message message : stored) {
				String id = OrderCreated.parseFrom(message.getData()).getOrderId();
				copies.merge(id, 1, Integer::sum);
				figures.handled(id);
			}
			String line = figures.report("cluster-stream-leader-loss",
					"failedAttempts=" + figures.failureCount() + " failureKinds=" + failureKinds + " stored="
							+ stored.size() + " election=" + election.toMillis() + "ms " + streamState);
			assertThat(notRetryable).as("publish failures that were not retryable").isEmpty();
			assertThat(figures.acknowledgedCount()).isEqualTo(EVENTS);
			assertThat(figures.lost()).as(line).isZero();
			assertThat(figures.duplicates()).as(line).isZero();
			assertThat(stored).hasSize(EVENTS);
			assertThat(copies.values()).allMatch((count) -> count == 1);
		}
	}

	@Test
	void aStreamWithoutLeaderIsRetryableNotUnbound() throws Exception {
		try (NatsCluster cluster = NatsCluster.start();
				Connection connection = connect(cluster);
				WindshiftTemplate template = WindshiftTemplate.builder(connection)
					.timeout(Duration.ofSeconds(1))
					.build()) {
			WindshiftAdmin admin = new WindshiftAdmin(connection);
			await().atMost(Duration.ofSeconds(30))
				.ignoreExceptions()
				.until(() -> admin.ensureStream(
						StreamDefinition.builder("payments").subjects("payments.>").replicas(3).build()) != null);
			await().atMost(Duration.ofSeconds(30)).until(() -> leader(connection) != null);
			String oldLeader = leader(connection);
			NatsServer leaderNode = cluster.node(oldLeader);
			NatsServer other = cluster.nodes().stream().filter((node) -> node != leaderNode).findFirst().orElseThrow();
			leaderNode.kill();
			other.kill();
			// one of three replicas left: no quorum, no leader; the publish fails,
			// retryably, and never as unbound
			Map<String, Integer> kinds = new HashMap<>();
			for (int i = 0; i < 5; i++) {
				OutgoingEvent event = OutgoingEvent
					.builder("payments.captured", OrderCreated.newBuilder().setOrderId("q-" + i).build())
					.idempotencyKey("q-" + i)
					.build();
				try {
					template.publish(event, CallOptions.withNoRetry());
					throw new AssertionError("a stream without quorum acknowledged a publish");
				}
				catch (WindshiftException ex) {
					String message = ex.getMessage();
					kinds.merge(ex.getClass().getSimpleName() + "("
							+ message.substring(0, Math.min(40, message.length())) + "...)", 1, Integer::sum);
					assertThat(ex).as(message).isNotInstanceOf(io.windshift.events.UnboundSubjectException.class);
					assertThat(ex.isRetryable()).as(message).isTrue();
					assertThat(message).contains("'payments.captured'");
				}
			}
			Throwable async = template
				.publishAsync(OutgoingEvent
					.builder("payments.captured", OrderCreated.newBuilder().setOrderId("q-async").build())
					.build(), CallOptions.withNoRetry())
				.handle((ok, ex) -> ex)
				.get(10, TimeUnit.SECONDS);
			assertThat(async).isNotNull().isInstanceOfSatisfying(WindshiftException.class, (ex) -> {
				assertThat(ex).as(ex.getMessage()).isNotInstanceOf(io.windshift.events.UnboundSubjectException.class);
				assertThat(ex.isRetryable()).as(ex.getMessage()).isTrue();
			});
			leaderNode.restart();
			other.restart();
			PublishedEvent published = template.publish(
					OutgoingEvent.builder("payments.captured", OrderCreated.newBuilder().setOrderId("q-0").build())
						.idempotencyKey("q-0")
						.build(),
					CallOptions.withBackoff(
							Delays.stopAfterMaxTime(Delays.constant(Duration.ofMillis(100)), Duration.ofSeconds(30))));
			assertThat(published.stream()).isEqualTo("payments");
			ReliabilityFigures.record("cluster-quorum-loss: failures while 2 of 3 nodes were down=" + kinds
					+ " first publish after recovery id=" + published.id());
		}
	}

	@Test
	void listenerKeepsHandlingWhenTheStreamLeaderIsKilledAndBroughtBack() throws Exception {
		ReliabilityFigures figures = new ReliabilityFigures();
		try (NatsCluster cluster = NatsCluster.start()) {
			ReliabilityApp.runner(cluster.urlList(), figures, ReliabilityApp.Behaviour.NONE)
				.withPropertyValues("windshift.streams.ledger.replicas=3", "windshift.publish.timeout=2s",
						"test.timeout=3s")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					Connection connection = context.getBean(Connection.class);
					java.util.concurrent.CompletableFuture<Void> publishing = ReliabilityApp
						.publishInBackground(context.getBean(WindshiftTemplate.class), 0, EVENTS, figures);
					await().atMost(Duration.ofSeconds(60))
						.until(() -> figures.acknowledgedCount() >= EVENTS / 4 && figures.handledCount() >= 100);
					String oldLeader = leader(connection, "ledger");
					NatsServer killed = cluster.node(oldLeader);
					killed.kill();
					await().atMost(Duration.ofSeconds(30))
						.ignoreExceptions()
						.until(() -> !oldLeader.equals(leader(connection, "ledger")));
					long afterElection = figures.handledCount();
					await().atMost(Duration.ofSeconds(60))
						.until(() -> figures.handledCount() >= afterElection + 200 || figures.handledCount() >= EVENTS);
					killed.restart();
					publishing.get(120, TimeUnit.SECONDS);
					ReliabilityApp.awaitHandled(figures, EVENTS, Duration.ofSeconds(120));
					long stored = connection.jetStreamManagement()
						.getStreamInfo("ledger")
						.getStreamState()
						.getMsgCount();
					String line = figures.report("cluster-stream-leader-loss-with-listener",
							"failedAttempts=" + figures.failureCount() + " stored=" + stored);
					assertThat(figures.acknowledgedCount()).as(line).isEqualTo(EVENTS);
					assertThat(figures.lost()).as(line).isZero();
					assertThat(stored).as(line).isEqualTo(EVENTS);
				});
		}
	}

	/**
	 * What a careful publisher does: publish once; on a retryable failure publish the
	 * very same event (same idempotency key) again until the server acknowledges it.
	 */
	private static void publishUntilAcknowledged(WindshiftTemplate template, OutgoingEvent event,
			ReliabilityFigures figures, Map<String, Integer> failureKinds, List<Throwable> notRetryable) {
		figures.published();
		try {
			acknowledged(template.publish(event, CallOptions.withNoRetry()), event, figures);
		}
		catch (WindshiftException ex) {
			figures.failed();
			failureKinds.merge(ex.getClass().getSimpleName(), 1, Integer::sum);
			if (!ex.isRetryable()) {
				notRetryable.add(ex);
				return;
			}
			figures.published();
			// the template's own retry, with the same idempotency key
			acknowledged(template.publish(event,
					CallOptions.withBackoff(Delays.stopAfterMaxTime(
							Delays.withMaxDelay(Delays.exponential(Duration.ofMillis(20), 2), Duration.ofMillis(500)),
							Duration.ofSeconds(90)))),
					event, figures);
		}
	}

	private static void acknowledged(PublishedEvent published, OutgoingEvent event, ReliabilityFigures figures) {
		assertThat(published.stream()).isEqualTo("payments");
		figures.acknowledged(event.idempotencyKey());
	}

	private static String leader(Connection connection) throws Exception {
		return leader(connection, "payments");
	}

	private static String leader(Connection connection, String stream) throws Exception {
		StreamInfo info = connection.jetStreamManagement().getStreamInfo(stream);
		return (info.getClusterInfo() != null) ? info.getClusterInfo().getLeader() : null;
	}

	private static Connection connect(NatsCluster cluster) throws Exception {
		return Nats.connect(Options.builder()
			.servers(cluster.urls().toArray(String[]::new))
			.maxReconnects(-1)
			.reconnectWait(Duration.ofMillis(50))
			.connectionTimeout(Duration.ofSeconds(2))
			.build());
	}

}
