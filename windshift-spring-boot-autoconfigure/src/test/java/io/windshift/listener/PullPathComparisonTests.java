package io.windshift.listener;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullRequestOptions;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.AckType;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.events.WireHeaders;
import io.windshift.test.NatsServerExtension;
import io.windshift.events.internal.DeliveryMetadata;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures the listener's pull path ({@link PullChannel}) against jnats' own pull
 * subscription ({@link JetStreamSubscription#pull(PullRequestOptions)} on a bound pull
 * subscription, read with {@code nextMessage}) on the same backlog and server, the way
 * the fetcher pulls: overlapping requests (the next one made when half the prefetch is
 * free), {@code max_bytes}, an idle heartbeat, and one ack per event. Rounds alternate
 * the sides; each round drains the backlog with a fresh consumer whose ack wait is short,
 * so that an event a side drops comes back within the round as a redelivery (and a stall
 * of the drain). Writes its figures to {@code target/pull-path-comparison.md} (quoted in
 * {@link PullChannel}'s Javadoc and docs/architecture.md) and fails if the channel loses,
 * redelivers or stalls on an event.
 */
@Tag("slow")
class PullPathComparisonTests {

	private static final int BACKLOG = Integer.getInteger("pullpath.backlog", 20_000);

	private static final int ROUNDS = Integer.getInteger("pullpath.rounds", 3);

	/** The listener's default prefetch: max ack pending 1,000, asked for in halves. */
	private static final int PREFETCH = 1_000;

	private static final int BATCH = PREFETCH / 2;

	private static final long MAX_BYTES = 1_000_000;

	private static final Duration EXPIRES = Duration.ofSeconds(5);

	private static final Duration HEARTBEAT = Duration.ofSeconds(1);

	private static final Duration ACK_WAIT = Duration.ofSeconds(2);

	/**
	 * A gap without an event this long, while events are still due, counts as a stall.
	 */
	private static final long STALL_NANOS = Duration.ofMillis(500).toNanos();

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create().connectWith(ListenerTestSupport::connect);

	@Test
	void pullChannelAndJnatsPullSubscriptionDrainTheSameBacklog() throws Exception {
		Connection connection = nats.connection();
		String stream = backlog(connection);
		List<Round> channel = new ArrayList<>();
		List<Round> jnats = new ArrayList<>();
		// a warm-up round per side, then the measured rounds, alternating which goes
		// first
		drainWithChannel(connection, stream, "warm-channel");
		drainWithJnats(connection, stream, "warm-jnats");
		for (int i = 0; i < ROUNDS; i++) {
			for (int side = 0; side < 2; side++) {
				if ((side == 0) == (i % 2 == 0)) {
					channel.add(drainWithChannel(connection, stream, "channel-" + i));
				}
				else {
					jnats.add(drainWithJnats(connection, stream, "jnats-" + i));
				}
			}
		}
		String table = table(channel, jnats);
		System.out.println(table);
		write(table);
		for (Round round : channel) {
			assertThat(round.received).as("PullChannel drained the backlog").isEqualTo(BACKLOG);
			assertThat(round.redelivered).as("PullChannel redeliveries").isZero();
			assertThat(round.stalls).as("PullChannel stalls").isZero();
		}
		for (Round round : jnats) {
			assertThat(round.received).as("jnats drained the backlog").isGreaterThanOrEqualTo(BACKLOG);
		}
	}

	private Round drainWithChannel(Connection connection, String stream, String name) throws Exception {
		String consumer = consumer(connection, stream, name);
		PullChannel channel = PullChannel.open(connection, this, stream, consumer);
		Meter meter = new Meter();
		try {
			while (meter.firstDeliveries < BACKLOG && !meter.overdue()) {
				if (channel.outstanding() <= PREFETCH - BATCH) {
					channel.request(BATCH, EXPIRES, MAX_BYTES, HEARTBEAT);
				}
				meter.handle(connection, channel.next(200));
			}
		}
		finally {
			channel.close();
		}
		return meter.end(connection, stream, consumer);
	}

	private Round drainWithJnats(Connection connection, String stream, String name) throws Exception {
		String consumer = consumer(connection, stream, name);
		JetStreamSubscription subscription = connection.jetStream()
			.subscribe(null, PullSubscribeOptions.bind(stream, consumer));
		PullRequestOptions request = PullRequestOptions.builder(BATCH)
			.expiresIn(EXPIRES)
			.maxBytes(MAX_BYTES)
			.idleHeartbeat(HEARTBEAT)
			.build();
		Meter meter = new Meter();
		// the caller's own count of requested events still to come: jnats does not say
		// which request ended or what it still owed, so a null (a request ended, or
		// nothing came) is taken as every request having ended
		long outstanding = 0;
		try {
			while (meter.firstDeliveries < BACKLOG && !meter.overdue()) {
				if (outstanding <= PREFETCH - BATCH) {
					subscription.pull(request);
					outstanding += BATCH;
				}
				Message message = subscription.nextMessage(Duration.ofMillis(200));
				if (message == null) {
					outstanding = 0;
				}
				else {
					outstanding--;
				}
				meter.handle(connection, message);
			}
		}
		finally {
			subscription.unsubscribe();
		}
		return meter.end(connection, stream, consumer);
	}

	private static String backlog(Connection connection) throws Exception {
		String stream = ListenerTestSupport.createStream(connection, "pullpath");
		JetStream js = connection.jetStream();
		byte[] payload = new byte[128];
		List<CompletableFuture<PublishAck>> acks = new ArrayList<>();
		for (int i = 0; i < BACKLOG; i++) {
			Headers headers = new Headers().put(WireHeaders.DATA_TYPE, "bench.v1.Tick");
			acks.add(js
				.publishAsync(NatsMessage.builder().subject(stream + ".e").headers(headers).data(payload).build()));
			if (acks.size() == 1_000) {
				CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
				acks.clear();
			}
		}
		CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
		return stream;
	}

	private static String consumer(Connection connection, String stream, String name) throws Exception {
		connection.jetStreamManagement()
			.addOrUpdateConsumer(stream,
					ConsumerConfiguration.builder()
						.durable(name)
						.ackPolicy(AckPolicy.Explicit)
						.deliverPolicy(DeliverPolicy.All)
						.maxAckPending(PREFETCH)
						.ackWait(ACK_WAIT)
						.build());
		return name;
	}

	private static long cpuNanos() {
		return (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)
				? os.getProcessCpuTime() : 0;
	}

	private static String table(List<Round> channel, List<Round> jnats) {
		StringBuilder out = new StringBuilder();
		out.append("Backlog ")
			.append(BACKLOG)
			.append(" events (128 B + a header), requests of ")
			.append(BATCH)
			.append(" within a prefetch of ")
			.append(PREFETCH)
			.append(", max_bytes ")
			.append(MAX_BYTES)
			.append(", idle heartbeat ")
			.append(HEARTBEAT.toMillis())
			.append(" ms, ack wait ")
			.append(ACK_WAIT.toMillis())
			.append(" ms, ")
			.append(ROUNDS)
			.append(" rounds per side after a warm-up; load average at the end ")
			.append(String.format("%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
			.append("\n\n");
		out.append("| Side | events/s per round | CPU µs/event per round | redelivered | stalls (> 500 ms) |\n");
		out.append("|---|---|---|---|---|\n");
		row(out, "PullChannel", channel);
		row(out, "jnats pull(PullRequestOptions) + nextMessage", jnats);
		return out.toString();
	}

	private static void row(StringBuilder out, String side, List<Round> rounds) {
		List<String> rates = new ArrayList<>();
		List<String> cpu = new ArrayList<>();
		long redelivered = 0;
		long stalls = 0;
		for (Round round : rounds) {
			rates.add(String.format("%,.0f", round.received / (round.nanos / 1e9)));
			cpu.add(String.format("%.2f", round.cpuNanos / 1e3 / round.received));
			redelivered += round.redelivered;
			stalls += round.stalls;
		}
		out.append("| ")
			.append(side)
			.append(" | ")
			.append(String.join(" / ", rates))
			.append(" | ")
			.append(String.join(" / ", cpu))
			.append(" | ")
			.append(redelivered)
			.append(" | ")
			.append(stalls)
			.append(" |\n");
	}

	private static void write(String table) throws IOException {
		Path target = Path.of("target");
		if (Files.isDirectory(target)) {
			Files.writeString(target.resolve("pull-path-comparison.md"), table, StandardCharsets.UTF_8);
		}
	}

	/** What a drain counts. */
	private static final class Meter {

		final long start = System.nanoTime();

		final long startCpu = cpuNanos();

		final long deadline = this.start + Duration.ofSeconds(120).toNanos();

		long lastEvent = this.start;

		long firstDeliveries;

		long received;

		long redelivered;

		long stalls;

		boolean overdue() {
			return System.nanoTime() - this.deadline > 0;
		}

		void handle(Connection connection, Message message) {
			long now = System.nanoTime();
			if (message == null) {
				return;
			}
			if (now - this.lastEvent > STALL_NANOS) {
				this.stalls++;
			}
			this.lastEvent = now;
			this.received++;
			if (DeliveryMetadata.of(message).deliveredCount() > 1) {
				this.redelivered++;
			}
			else {
				this.firstDeliveries++;
			}
			connection.publish(message.getReplyTo(), AckType.AckAck.bytes);
		}

		Round end(Connection connection, String stream, String consumer) throws Exception {
			long nanos = System.nanoTime() - this.start;
			long cpu = cpuNanos() - this.startCpu;
			connection.flush(Duration.ofSeconds(5));
			ConsumerInfo info = connection.jetStreamManagement().getConsumerInfo(stream, consumer);
			long redelivered = Math.max(this.redelivered, info.getRedelivered());
			connection.jetStreamManagement().deleteConsumer(stream, consumer);
			return new Round(this.received, nanos, cpu, redelivered, this.stalls);
		}

	}

	private record Round(long received, long nanos, long cpuNanos, long redelivered, long stalls) {
	}

}
