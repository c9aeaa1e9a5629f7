package io.windshift.benchmarks;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStream;
import io.nats.client.MessageConsumer;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.windshift.benchmarks.proto.Tick;

/** The reference side: what an application reaches with the raw jnats client on the same server. */
final class RawJnats {

	private final Connection connection;

	private final JetStream js;

	RawJnats(Connection connection) throws Exception {
		this.connection = connection;
		this.js = connection.jetStream();
	}

	/** Synchronous publishes, one after the other; events per second. */
	double syncPublish(String subject, int count) throws Exception {
		long start = System.nanoTime();
		for (int i = 0; i < count; i++) {
			this.js.publish(subject, headers(), Payloads.tick(i).toByteArray());
		}
		return perSecond(count, System.nanoTime() - start);
	}

	/** Asynchronous publishes with at most {@code window} in flight; events per second. */
	double asyncPublish(String subject, int count, int window) throws Exception {
		Semaphore inFlight = new Semaphore(window);
		CountDownLatch done = new CountDownLatch(count);
		AtomicInteger failures = new AtomicInteger();
		long start = System.nanoTime();
		for (int i = 0; i < count; i++) {
			inFlight.acquire();
			CompletableFuture<PublishAck> ack = this.js.publishAsync(subject, headers(), Payloads.tick(i).toByteArray());
			ack.whenComplete((a, ex) -> {
				if (ex != null) {
					failures.incrementAndGet();
				}
				inFlight.release();
				done.countDown();
			});
		}
		if (!done.await(5, TimeUnit.MINUTES) || failures.get() > 0) {
			throw new IllegalStateException("async publish: " + failures.get() + " failures");
		}
		return perSecond(count, System.nanoTime() - start);
	}

	/**
	 * Drains a backlog with the simplified consume API, decoding each event and acking it explicitly,
	 * on {@code concurrency} worker threads; events per second.
	 */
	double consume(String stream, String consumer, int backlog, int concurrency) throws Exception {
		this.connection.jetStreamManagement()
			.addOrUpdateConsumer(stream, ConsumerConfiguration.builder()
				.durable(consumer)
				.ackPolicy(AckPolicy.Explicit)
				.deliverPolicy(DeliverPolicy.All)
				.maxAckPending(10_000)
				.ackWait(Duration.ofSeconds(30))
				.build());
		ConsumerContext context = this.connection.getStreamContext(stream).getConsumerContext(consumer);
		CountDownLatch done = new CountDownLatch(backlog);
		ExecutorService workers = (concurrency > 1) ? Executors.newFixedThreadPool(concurrency) : null;
		long start = System.nanoTime();
		MessageConsumer running = context.consume((msg) -> {
			Runnable handle = () -> {
				try {
					Tick.parseFrom(msg.getData());
					msg.ack();
					done.countDown();
				}
				catch (Exception ex) {
					msg.nak();
				}
			};
			if (workers != null) {
				workers.execute(handle);
			}
			else {
				handle.run();
			}
		});
		boolean finished = done.await(10, TimeUnit.MINUTES);
		long elapsed = System.nanoTime() - start;
		running.stop();
		if (workers != null) {
			workers.shutdown();
		}
		if (!finished) {
			throw new IllegalStateException("raw consume did not drain " + backlog + " events");
		}
		return perSecond(backlog, elapsed);
	}

	private static Headers headers() {
		return new Headers().put("WS-Data-Type", "bench.v1.Tick");
	}

	static double perSecond(long count, long nanos) {
		return count / (nanos / 1_000_000_000.0);
	}

}
