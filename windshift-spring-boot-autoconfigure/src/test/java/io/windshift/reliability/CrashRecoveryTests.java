package io.windshift.reliability;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.nats.client.Connection;
import io.windshift.events.WindshiftTemplate;
import io.windshift.listener.ListenerState;
import io.windshift.listener.WindshiftListenerEndpointRegistry;
import io.windshift.test.NatsServer;
import io.windshift.test.NatsServerConfig;
import io.windshift.test.ReliabilityFigures;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of a single node with {@code sync_interval: always} while events are published
 * and consumed, then a restart on the same store: no acknowledged event is lost and the
 * listener recovers by itself. 10k events by default (CI);
 * {@code -Dwindshift.reliability.events=50000} for the full run.
 */
@Tag("reliability")
class CrashRecoveryTests {

	private static final int EVENTS = Integer.getInteger("windshift.reliability.events", 10_000);

	@Test
	void killNineWhilePublishingAndConsumingThenRestartOnTheSameStore() throws Exception {
		ReliabilityFigures figures = new ReliabilityFigures();
		try (NatsServer server = NatsServer.start(NatsServerConfig.defaults().syncAlways())) {
			ReliabilityApp.runner(server.url(), figures, ReliabilityApp.Behaviour.NONE)
				.withPropertyValues("windshift.publish.timeout=3s", "test.concurrency=8", "test.pending=1000")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					WindshiftTemplate template = context.getBean(WindshiftTemplate.class);
					WindshiftListenerEndpointRegistry registry = context
						.getBean(WindshiftListenerEndpointRegistry.class);
					Connection connection = context.getBean(Connection.class);
					long start = System.nanoTime();
					CompletableFuture<Void> publishing = ReliabilityApp.publishInBackground(template, 0, EVENTS,
							figures);
					await().atMost(Duration.ofSeconds(60))
						.until(() -> figures.acknowledgedCount() >= EVENTS / 3 && figures.handledCount() >= 100);
					long handledAtKill = figures.handledCount();
					long acknowledgedAtKill = figures.acknowledgedCount();
					server.kill();
					await().atMost(Duration.ofSeconds(10))
						.until(() -> connection.getStatus() != Connection.Status.CONNECTED);
					server.restart();
					publishing.get(120, TimeUnit.SECONDS);
					ReliabilityApp.awaitHandled(figures, EVENTS, Duration.ofSeconds(120));
					Duration took = Duration.ofNanos(System.nanoTime() - start);
					assertThat(registry.getState("ledger")).isEqualTo(ListenerState.RUNNING);
					String line = figures.report("single-node-kill-9",
							"events=" + EVENTS + " failedAttempts=" + figures.failureCount() + " killedAt(acknowledged="
									+ acknowledgedAtKill + ",handled=" + handledAtKill + ") took=" + took.toMillis()
									+ "ms");
					assertThat(figures.acknowledgedCount()).as(line).isEqualTo(EVENTS);
					assertThat(figures.lost()).as(line).isZero();
					long stored = connection.jetStreamManagement()
						.getStreamInfo("ledger")
						.getStreamState()
						.getMsgCount();
					assertThat(stored).as("stored events (idempotency keys: no duplicate in the stream)")
						.isEqualTo(EVENTS);
				});
		}
	}

}
