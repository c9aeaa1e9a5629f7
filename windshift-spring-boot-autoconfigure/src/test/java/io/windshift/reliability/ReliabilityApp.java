package io.windshift.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import io.windshift.autoconfigure.WindshiftAdminAutoConfiguration;
import io.windshift.autoconfigure.WindshiftConnectionAutoConfiguration;
import io.windshift.autoconfigure.WindshiftListenerAutoConfiguration;
import io.windshift.autoconfigure.WindshiftTemplateAutoConfiguration;
import io.windshift.delays.Delays;
import io.windshift.events.CallOptions;
import io.windshift.events.Event;
import io.windshift.events.OutgoingEvent;
import io.windshift.events.PublishedEvent;
import io.windshift.events.WindshiftTemplate;
import io.windshift.listener.WindshiftListener;
import io.windshift.test.ReliabilityFigures;
import io.windshift.test.proto.OrderCreated;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The application the reliability tests run: the whole starter (connection, admin,
 * template, listeners) with one listener, {@link Ledger}, that counts what it handled in
 * a {@link ReliabilityFigures} bean, and a publisher that retries every event with its
 * idempotency key until the server acknowledges it.
 */
final class ReliabilityApp {

	private ReliabilityApp() {
	}

	/**
	 * The application against these servers, with a stream {@code ledger} (subjects
	 * {@code ledger.>}) and the {@link Ledger} listener on the durable consumer
	 * {@code ledger-worker} (attributes from {@code test.*}).
	 */
	static ApplicationContextRunner runner(String servers, ReliabilityFigures figures, Behaviour behaviour) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WindshiftConnectionAutoConfiguration.class,
					WindshiftAdminAutoConfiguration.class, WindshiftTemplateAutoConfiguration.class,
					WindshiftListenerAutoConfiguration.class))
			.withBean(ReliabilityFigures.class, () -> figures)
			.withBean(Behaviour.class, () -> behaviour)
			.withBean(Ledger.class)
			.withPropertyValues("windshift.nats.servers=" + servers, "windshift.nats.reconnect-wait=100ms",
					"windshift.nats.connection-timeout=2s", "windshift.streams.ledger.subjects=ledger.>",
					"windshift.streams.ledger.deduplication-window=10m", "windshift.listener.poll-timeout=1200ms",
					"windshift.listener.consumer-check-interval=500ms", "windshift.listener.shutdown-timeout=10s",
					"windshift.listener.reject.initial-delay=100ms", "windshift.listener.reject.max-delay=1s");
	}

	static OutgoingEvent event(String id) {
		return OutgoingEvent.builder("ledger.entry", OrderCreated.newBuilder().setOrderId(id).build())
			.idempotencyKey(id)
			.build();
	}

	/**
	 * Publishes {@code ledger-<from>} to {@code ledger-<to - 1>} asynchronously; failed
	 * publishes are retried with their idempotency key until acknowledged. Returns when
	 * every event is acknowledged.
	 */
	static void publish(WindshiftTemplate template, int from, int to, ReliabilityFigures figures) {
		Queue<String> failed = new ConcurrentLinkedQueue<>();
		List<CompletableFuture<?>> pending = new ArrayList<>();
		for (int i = from; i < to; i++) {
			String id = "ledger-" + i;
			figures.published();
			pending.add(template.publishAsync(event(id), CallOptions.withNoRetry()).handle((published, ex) -> {
				if (ex == null) {
					figures.acknowledged(id);
				}
				else {
					figures.failed();
					failed.add(id);
				}
				return null;
			}));
			if (pending.size() >= 2_000) {
				pending.forEach(CompletableFuture::join);
				pending.clear();
			}
		}
		pending.forEach(CompletableFuture::join);
		for (String id = failed.poll(); id != null; id = failed.poll()) {
			figures.published();
			PublishedEvent published = template.publish(event(id),
					CallOptions.withBackoff(Delays.stopAfterMaxTime(
							Delays.withMaxDelay(Delays.exponential(Duration.ofMillis(20), 2), Duration.ofMillis(500)),
							Duration.ofSeconds(60))));
			if (published != null) {
				figures.acknowledged(id);
			}
		}
	}

	/**
	 * Publishes in the background; the future completes when every event is acknowledged.
	 */
	static CompletableFuture<Void> publishInBackground(WindshiftTemplate template, int from, int to,
			ReliabilityFigures figures) {
		return CompletableFuture.runAsync(() -> publish(template, from, to, figures));
	}

	static void awaitHandled(ReliabilityFigures figures, long count, Duration atMost) {
		org.awaitility.Awaitility.await("handled " + count)
			.atMost(atMost)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> figures.lost() == 0 && figures.acknowledgedCount() >= count);
	}

	/** Simulates a handler doing work for this long (not a synchronisation). */
	static void work(Duration duration) {
		try {
			TimeUnit.MILLISECONDS.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * What the listener does before it counts an event as handled (a slow handler, say).
	 */
	@FunctionalInterface
	interface Behaviour {

		Behaviour NONE = (event) -> {
		};

		void handle(Event<OrderCreated> event) throws Exception;

	}

	/** Counts every event it handled; the figures tell duplicates and losses. */
	static class Ledger {

		private final ReliabilityFigures figures;

		private final Behaviour behaviour;

		Ledger(ReliabilityFigures figures, Behaviour behaviour) {
			this.figures = figures;
			this.behaviour = behaviour;
		}

		@WindshiftListener(id = "ledger", stream = "ledger", consumer = "${test.consumer:ledger-worker}",
				consumeFrom = "start", processingTimeout = "${test.timeout:5s}", concurrency = "${test.concurrency:4}",
				maxPendingEvents = "${test.pending:500}", maxDeliveryAttempts = "${test.max:50}",
				deadLetterSubject = "${test.dlq:}")
		void on(Event<OrderCreated> event) throws Exception {
			this.behaviour.handle(event);
			this.figures.handled(event.data().getOrderId());
		}

	}

}
