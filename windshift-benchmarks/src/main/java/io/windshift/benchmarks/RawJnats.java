package io.windshift.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.Options;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.PublishAck;
import io.nats.client.JetStreamSubscription;
import io.nats.client.impl.ErrorListenerLoggerImpl;
import io.nats.client.impl.Headers;
import io.nats.client.support.Status;
import io.windshift.benchmarks.proto.Tick;
import org.jspecify.annotations.Nullable;

/**
 * The reference side: what an application reaches with the raw jnats client on the same
 * server. It sends the same bytes as the starter (the protobuf payload plus a type and a
 * publish-time header) and consumes with jnats' simplified API ({@code consume}, default
 * prefetch) with an explicit ack.
 */
final class RawJnats {

	private final Connection connection;

	private final JetStream js;

	RawJnats(Connection connection) throws IOException {
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

	/**
	 * Asynchronous publishes with at most {@code window} in flight; events per second.
	 */
	double asyncPublish(String subject, int count, int window) throws Exception {
		long start = System.nanoTime();
		publishAsync(subject, count, window);
		return perSecond(count, System.nanoTime() - start);
	}

	/**
	 * Publishes {@code count} events of about {@code bytes} each, one at a time (large
	 * events: no window).
	 */
	void publishLarge(String subject, int count, int bytes) throws Exception {
		com.google.protobuf.ByteString filler = com.google.protobuf.ByteString.copyFrom(new byte[bytes]);
		for (int i = 0; i < count; i++) {
			byte[] payload = Payloads.tick(i).toBuilder().setFiller(filler).build().toByteArray();
			this.js.publish(subject, headers(), payload);
		}
	}

	/**
	 * Publishes {@code count} events with at most {@code window} awaiting their ack;
	 * waits for every ack.
	 */
	void publishAsync(String subject, int count, int window) throws Exception {
		publishAsync((i) -> subject, count, window);
	}

	/**
	 * Like {@link #publishAsync(String, int, int)}, event {@code i} to subject
	 * {@code subjects(i)}.
	 */
	void publishAsync(IntFunction<String> subjects, int count, int window) throws Exception {
		Semaphore inFlight = new Semaphore(window);
		CountDownLatch done = new CountDownLatch(count);
		AtomicInteger failures = new AtomicInteger();
		for (int i = 0; i < count; i++) {
			inFlight.acquire();
			CompletableFuture<PublishAck> ack = this.js.publishAsync(subjects.apply(i), headers(),
					Payloads.tick(i).toByteArray());
			ack.whenComplete((a, ex) -> {
				if (ex != null) {
					failures.incrementAndGet();
				}
				inFlight.release();
				done.countDown();
			});
		}
		if (!done.await(5, TimeUnit.MINUTES) || failures.get() > 0) {
			throw new IllegalStateException(
					"raw async publish to " + subjects.apply(0) + ": " + failures.get() + " failures");
		}
	}

	/**
	 * Drains a backlog with the simplified consume API, decoding each event and acking it
	 * explicitly, on {@code concurrency} worker threads (the client's dispatcher thread
	 * when 1); events per second. The consumer is created for the round and deleted after
	 * it.
	 */
	double consume(String stream, String consumer, int backlog, int concurrency, int maxPending) throws Exception {
		Drained drained = drain(stream, consumer, backlog, concurrency, maxPending, Duration.ofMinutes(10));
		if (drained.events() < backlog) {
			throw new IllegalStateException("raw consume of " + stream + ": " + (backlog - drained.events())
					+ " events not handled within 10 minutes");
		}
		return drained.perSecond();
	}

	/**
	 * Like {@link #consume} but stops after {@code limit}; how many events were handled
	 * in how long.
	 */
	Drained drain(String stream, String consumer, int count, int concurrency, int maxPending, Duration limit)
			throws Exception {
		return drain(stream, consumer, count, concurrency, maxPending, limit, () -> {
		});
	}

	/**
	 * Like {@link #drain(String, String, int, int, int, Duration)}, running
	 * {@code drained} once the events were handled, before the consumer stops.
	 */
	Drained drain(String stream, String consumer, int count, int concurrency, int maxPending, Duration limit,
			Runnable drained) throws Exception {
		ConsumerContext context = createConsumer(stream, consumer, null, DeliverPolicy.All, maxPending);
		Drain drain = new Drain();
		drain.expect(count, false);
		// events still buffered when the round ends are dropped (the consumer is deleted)
		ExecutorService workers = (concurrency > 1) ? new ThreadPoolExecutor(concurrency, concurrency, 0,
				TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), new ThreadPoolExecutor.DiscardPolicy()) : null;
		long start = System.nanoTime();
		MessageConsumer running = context.consume((msg) -> {
			if (workers != null) {
				workers.execute(() -> handle(msg, drain));
			}
			else {
				handle(msg, drain);
			}
		});
		try {
			long events = drain.awaitUpTo(limit, count);
			Drained result = new Drained(events, System.nanoTime() - start);
			drained.run();
			return result;
		}
		finally {
			end(running);
			if (workers != null) {
				workers.shutdown();
			}
			deleteConsumer(stream, consumer);
		}
	}

	/**
	 * Forwards a backlog by hand, as a forwarding listener does: for each event, decode
	 * it, publish it to {@code target} with an idempotency key from its stream and id,
	 * wait for the server's ack, then ack the event (on the client's dispatcher thread);
	 * events per second.
	 */
	double forward(String stream, String consumer, int count, int maxPending, String target) throws Exception {
		ConsumerContext context = createConsumer(stream, consumer, null, DeliverPolicy.All, maxPending);
		Drain drain = new Drain();
		drain.expect(count, false);
		long start = System.nanoTime();
		MessageConsumer running = context.consume((msg) -> {
			try {
				Tick tick = Tick.parseFrom(msg.getData());
				Headers headers = headers().put("Nats-Msg-Id", stream + ":" + msg.metaData().streamSequence() + ":raw");
				this.js.publish(target, headers, tick.toByteArray());
				msg.ack();
				drain.accept(tick);
			}
			catch (Exception ex) {
				msg.nak();
			}
		});
		try {
			drain.await(Duration.ofMinutes(10), "raw forward of " + stream);
			return perSecond(count, System.nanoTime() - start);
		}
		finally {
			end(running);
			deleteConsumer(stream, consumer);
		}
	}

	/**
	 * Diagnostics for the consume gap: drains with a confirmed ack ({@code ackSync}) per
	 * event, either through {@code consume} (prefetch) or pulling one event at a time
	 * with {@code next} as the listener does; stops after {@code limit}.
	 */
	Drained drainConfirmed(String stream, String consumer, int count, int maxPending, boolean oneByOne, Duration limit)
			throws Exception {
		ConsumerContext context = createConsumer(stream, consumer, null, DeliverPolicy.All, maxPending);
		Drain drain = new Drain();
		drain.expect(count, false);
		long start = System.nanoTime();
		try {
			if (oneByOne) {
				long deadline = start + limit.toNanos();
				long handled = 0;
				while (handled < count && System.nanoTime() < deadline) {
					Message msg = context.next(Duration.ofSeconds(2));
					if (msg != null) {
						Tick.parseFrom(msg.getData());
						msg.ackSync(Duration.ofSeconds(2));
						handled++;
					}
				}
				return new Drained(handled, System.nanoTime() - start);
			}
			MessageConsumer running = context.consume((msg) -> {
				try {
					Tick tick = Tick.parseFrom(msg.getData());
					msg.ackSync(Duration.ofSeconds(2));
					drain.accept(tick);
				}
				catch (Exception ex) {
					// counted as not handled
				}
			});
			try {
				long events = drain.awaitUpTo(limit, count);
				return new Drained(events, System.nanoTime() - start);
			}
			finally {
				end(running);
			}
		}
		finally {
			deleteConsumer(stream, consumer);
		}
	}

	/**
	 * How many events a drain handled, in how long.
	 *
	 * @param events the events handled
	 * @param nanos the time it took
	 */
	record Drained(long events, long nanos) {

		double perSecond() {
			return RawJnats.perSecond(this.events, this.nanos);
		}

	}

	/**
	 * Publishes {@code count} events at {@code rate} per second to a subject while a
	 * consumer (created for the round, new events only) handles them; returns the
	 * publish-to-handler latencies in nanoseconds.
	 */
	long[] latency(String stream, String subject, String consumer, int count, int rate, int maxPending)
			throws Exception {
		ConsumerContext context = createConsumer(stream, consumer, subject, DeliverPolicy.New, maxPending);
		Drain drain = new Drain();
		drain.expect(count, true);
		MessageConsumer running = context.consume((msg) -> handle(msg, drain));
		try {
			Pacer.run(count, rate, (i) -> this.js.publishAsync(subject, headers(), Payloads.tick(i).toByteArray()));
			drain.await(Duration.ofMinutes(2), "raw latency run on " + subject);
			return drain.latencies();
		}
		finally {
			end(running);
			deleteConsumer(stream, consumer);
		}
	}

	private static void end(MessageConsumer running) {
		running.stop();
		try {
			running.close();
		}
		catch (Exception ex) {
			// best effort: the consumer is deleted next
		}
	}

	/**
	 * Connection options of the raw side; the pull errors of consumers deleted after a
	 * round are not logged.
	 */
	static Options options(String servers, String name) {
		return Options.builder().servers(servers.split(",")).connectionName(name).errorListener(new Quiet()).build();
	}

	private static void handle(Message msg, Drain drain) {
		Tick tick;
		try {
			tick = Tick.parseFrom(msg.getData());
		}
		catch (Exception ex) {
			msg.term();
			return;
		}
		msg.ack();
		drain.accept(tick);
	}

	private ConsumerContext createConsumer(String stream, String consumer, @Nullable String filter,
			DeliverPolicy deliver, int maxPending) throws Exception {
		ConsumerConfiguration.Builder config = ConsumerConfiguration.builder()
			.durable(consumer)
			.ackPolicy(AckPolicy.Explicit)
			.deliverPolicy(deliver)
			.maxAckPending(maxPending)
			.ackWait(Duration.ofSeconds(30));
		if (filter != null) {
			config.filterSubject(filter);
		}
		return this.connection.getStreamContext(stream).createOrUpdateConsumer(config.build());
	}

	void deleteConsumer(String stream, String consumer) throws IOException {
		try {
			this.connection.jetStreamManagement().deleteConsumer(stream, consumer);
		}
		catch (JetStreamApiException ex) {
			// already gone
		}
	}

	static Headers headers() {
		return new Headers().put("WS-Data-Type", "bench.v1.Tick").put("WS-Published-Time", Instant.now().toString());
	}

	static double perSecond(long count, long nanos) {
		return count / (nanos / 1_000_000_000.0);
	}

	private static final class Quiet extends ErrorListenerLoggerImpl {

		@Override
		public void pullStatusError(Connection conn, JetStreamSubscription sub, Status status) {
			if (status.getCode() != 409) {
				super.pullStatusError(conn, sub, status);
			}
		}

	}

}
