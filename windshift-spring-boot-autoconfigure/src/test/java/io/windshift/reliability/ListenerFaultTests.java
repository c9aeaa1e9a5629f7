package io.windshift.reliability;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.nats.client.Connection;
import io.windshift.admin.WindshiftAdmin;
import io.windshift.events.WindshiftTemplate;
import io.windshift.listener.ListenerState;
import io.windshift.listener.WindshiftListenerEndpointRegistry;
import io.windshift.test.NatsServer;
import io.windshift.test.ReliabilityFigures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults around a running listener: its consumer deleted by an operator, a server restart
 * during a long handler, a handler three times slower than the processing timeout, a
 * graceful shutdown with events in flight, and one of two instances sharing a durable
 * consumer dying mid-batch. No acknowledged event is lost.
 */
@Tag("reliability")
class ListenerFaultTests {

	private NatsServer server;

	private final ReliabilityFigures figures = new ReliabilityFigures();

	@BeforeEach
	void startServer() {
		this.server = NatsServer.start();
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void consumerDeletedByAnOperatorWhileListening() {
		ReliabilityApp.runner(this.server.url(), this.figures, (event) -> ReliabilityApp.work(Duration.ofMillis(1)))
			.run((context) -> {
				WindshiftTemplate template = context.getBean(WindshiftTemplate.class);
				WindshiftAdmin admin = context.getBean(WindshiftAdmin.class);
				CompletableFuture<Void> publishing = ReliabilityApp.publishInBackground(template, 0, 3_000,
						this.figures);
				await().atMost(Duration.ofSeconds(30)).until(() -> this.figures.handledCount() >= 500);
				admin.deleteConsumer("ledger", "ledger-worker");
				publishing.get(60, TimeUnit.SECONDS);
				ReliabilityApp.awaitHandled(this.figures, 3_000, Duration.ofSeconds(60));
				assertThat(admin.consumerInfo("ledger", "ledger-worker")).isPresent();
				assertThat(context.getBean(WindshiftListenerEndpointRegistry.class).getState("ledger"))
					.isEqualTo(ListenerState.RUNNING);
				String line = this.figures.report("consumer-deleted-while-listening",
						"(the recreated durable starts again from the stream's start: redeliveries are expected)");
				assertThat(this.figures.lost()).as(line).isZero();
			});
	}

	@Test
	void serverRestartDuringALongHandler() {
		CountDownLatch longHandlerRunning = new CountDownLatch(1);
		ReliabilityApp.runner(this.server.url(), this.figures, (event) -> {
			if (event.data().getOrderId().equals("ledger-50") && event.deliveryAttempt() == 1) {
				longHandlerRunning.countDown();
				ReliabilityApp.work(Duration.ofSeconds(3));
			}
		}).withPropertyValues("test.timeout=10s").run((context) -> {
			WindshiftTemplate template = context.getBean(WindshiftTemplate.class);
			ReliabilityApp.publish(template, 0, 200, this.figures);
			assertThat(longHandlerRunning.await(30, TimeUnit.SECONDS)).isTrue();
			this.server.stop();
			this.server.restart();
			ReliabilityApp.publish(template, 200, 400, this.figures);
			ReliabilityApp.awaitHandled(this.figures, 400, Duration.ofSeconds(60));
			assertThat(context.getBean(WindshiftListenerEndpointRegistry.class).getState("ledger"))
				.isEqualTo(ListenerState.RUNNING);
			String line = this.figures.report("server-restart-during-long-handler");
			assertThat(this.figures.lost()).as(line).isZero();
		});
	}

	@Test
	void aHandlerThreeTimesSlowerThanTheProcessingTimeoutIsNotRedelivered() {
		ReliabilityApp.runner(this.server.url(), this.figures, (event) -> ReliabilityApp.work(Duration.ofSeconds(6)))
			.withPropertyValues("test.timeout=2s", "test.concurrency=4", "test.pending=4")
			.run((context) -> {
				ReliabilityApp.publish(context.getBean(WindshiftTemplate.class), 0, 4, this.figures);
				ReliabilityApp.awaitHandled(this.figures, 4, Duration.ofSeconds(30));
				String line = this.figures.report("slow-handler-3x-processing-timeout",
						"handler=6s processingTimeout=2s");
				assertThat(this.figures.lost()).as(line).isZero();
				assertThat(this.figures.duplicates()).as("auto-ping keeps slow events from being redelivered: " + line)
					.isZero();
			});
	}

	@Test
	void gracefulShutdownWithEventsInFlight() {
		ReliabilityApp.Behaviour slowish = (event) -> ReliabilityApp.work(Duration.ofMillis(10));
		ReliabilityApp.runner(this.server.url(), this.figures, slowish)
			.withPropertyValues("test.timeout=2s", "test.pending=100")
			.run((context) -> {
				ReliabilityApp.publish(context.getBean(WindshiftTemplate.class), 0, 1_500, this.figures);
				await().atMost(Duration.ofSeconds(30)).until(() -> this.figures.handledCount() >= 200);
				// the context closes here, gracefully, with events being handled and more
				// prefetched
			});
		long handledByFirst = this.figures.handledCount();
		ReliabilityApp.runner(this.server.url(), this.figures, slowish)
			.withPropertyValues("test.timeout=2s", "test.pending=100")
			.run((context) -> ReliabilityApp.awaitHandled(this.figures, 1_500, Duration.ofSeconds(60)));
		String line = this.figures.report("graceful-shutdown-with-events-in-flight",
				"handledBeforeShutdown=" + handledByFirst);
		assertThat(handledByFirst).isLessThan(1_500);
		assertThat(this.figures.lost()).as(line).isZero();
		assertThat(this.figures.duplicates()).as("events handled before a graceful shutdown are acknowledged: " + line)
			.isZero();
	}

	@Test
	void twoInstancesShareADurableAndOneDiesMidBatch() {
		AtomicBoolean bDead = new AtomicBoolean();
		AtomicInteger handledByB = new AtomicInteger();
		CountDownLatch released = new CountDownLatch(1);
		ReliabilityApp.Behaviour instanceA = (event) -> ReliabilityApp.work(Duration.ofMillis(2));
		ReliabilityApp.Behaviour instanceB = (event) -> {
			if (bDead.get()) {
				// a dead process neither finishes nor acknowledges what it holds
				released.await(60, TimeUnit.SECONDS);
				throw new IllegalStateException("instance B is dead");
			}
			ReliabilityApp.work(Duration.ofMillis(2));
			handledByB.incrementAndGet();
		};
		ReliabilityApp.runner(this.server.url(), this.figures, instanceA)
			.withPropertyValues("test.timeout=2s")
			.run((a) -> ReliabilityApp.runner(this.server.url(), this.figures, instanceB)
				.withPropertyValues("test.timeout=2s", "windshift.listener.shutdown-timeout=1s")
				.run((b) -> {
					CompletableFuture<Void> publishing = ReliabilityApp
						.publishInBackground(a.getBean(WindshiftTemplate.class), 0, 4_000, this.figures);
					await().atMost(Duration.ofSeconds(30)).until(() -> handledByB.get() >= 300);
					bDead.set(true);
					b.getBean(Connection.class).close();
					publishing.get(60, TimeUnit.SECONDS);
					ReliabilityApp.awaitHandled(this.figures, 4_000, Duration.ofSeconds(60));
					released.countDown();
					String line = this.figures.report("shared-durable-one-instance-killed",
							"handledByB=" + handledByB.get());
					assertThat(this.figures.lost()).as(line).isZero();
				}));
	}

}
