package io.windshift.reliability;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.nats.client.Connection;
import io.windshift.events.WindshiftTemplate;
import io.windshift.listener.ListenerState;
import io.windshift.listener.WindshiftListenerEndpointRegistry;
import io.windshift.test.NatsServer;
import io.windshift.test.NatsServerConfig;
import io.windshift.test.ReliabilityFigures;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A bounded long run: events are published and consumed without pause while the server is
 * killed (-9) or stopped and restarted at random points. At the end every acknowledged
 * event was handled, the stream holds each event exactly once and the listener runs. The
 * run lasts {@code -Dwindshift.soak.duration} (default 20s);
 * {@code -Dwindshift.soak.seed} repeats a run.
 */
@Tag("reliability")
class SoakTests {

	private static final Duration DURATION = DurationStyle
		.detectAndParse(System.getProperty("windshift.soak.duration", "20s"));

	private static final long SEED = Long.getLong("windshift.soak.seed", System.nanoTime());

	@Test
	void randomServerRestartsUnderContinuousLoad() {
		ReliabilityFigures figures = new ReliabilityFigures();
		Random random = new Random(SEED);
		try (NatsServer server = NatsServer.start(NatsServerConfig.defaults().syncAlways())) {
			ReliabilityApp.runner(server.url(), figures, (event) -> {
				if (event.data().getOrderId().hashCode() % 97 == 0) {
					ReliabilityApp.work(Duration.ofMillis(50));
				}
			}).withPropertyValues("windshift.publish.timeout=3s", "test.timeout=3s").run((context) -> {
				WindshiftTemplate template = context.getBean(WindshiftTemplate.class);
				Connection connection = context.getBean(Connection.class);
				long deadline = System.nanoTime() + DURATION.toNanos();
				AtomicInteger next = new AtomicInteger();
				CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
					while (System.nanoTime() < deadline) {
						int from = next.getAndAdd(500);
						ReliabilityApp.publish(template, from, from + 500, figures);
					}
				});
				int kills = 0;
				int stops = 0;
				while (System.nanoTime() < deadline - Duration.ofSeconds(2).toNanos()) {
					long target = figures.acknowledgedCount() + 500 + random.nextInt(3_000);
					await().atMost(DURATION.plusSeconds(30))
						.until(() -> figures.acknowledgedCount() >= target || System.nanoTime() > deadline);
					if (System.nanoTime() > deadline) {
						break;
					}
					if (random.nextBoolean()) {
						server.kill();
						kills++;
					}
					else {
						server.stop();
						stops++;
					}
					await().atMost(Duration.ofSeconds(10))
						.until(() -> connection.getStatus() != Connection.Status.CONNECTED);
					server.restart();
				}
				publishing.get(120, TimeUnit.SECONDS);
				int published = next.get();
				ReliabilityApp.awaitHandled(figures, published, Duration.ofSeconds(120));
				assertThat(context.getBean(WindshiftListenerEndpointRegistry.class).getState("ledger"))
					.isEqualTo(ListenerState.RUNNING);
				long stored = connection.jetStreamManagement().getStreamInfo("ledger").getStreamState().getMsgCount();
				String line = figures.report("soak", "duration=" + DURATION + " seed=" + SEED + " kills=" + kills
						+ " stops=" + stops + " stored=" + stored + " failedAttempts=" + figures.failureCount());
				assertThat(figures.acknowledgedCount()).as(line).isEqualTo(published);
				assertThat(figures.lost()).as(line).isZero();
				assertThat(stored).as(line).isEqualTo(published);
			});
		}
	}

}
