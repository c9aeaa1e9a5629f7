package io.windshift.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Message;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.AckType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.test.NatsServerExtension;
import io.windshift.events.internal.DeliveryMetadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link PullChannel} against a real server: every requested event arrives and
 * is counted, requests end on the server's word or their expiry, and the channel
 * unsubscribes only when nothing more can arrive.
 */
class PullChannelTests {

	private static final Duration EXPIRES = Duration.ofSeconds(1);

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create().connectWith(ListenerTestSupport::connect);

	@Test
	void everyEventOfManyOverlappingRequestsArrivesOnceAndIsCounted() throws Exception {
		Connection connection = nats.connection();
		String stream = backlog(connection, "overlap", 5_000);
		PullChannel channel = PullChannel.open(connection, this, stream, consumer(connection, stream));
		Set<Long> ids = new HashSet<>();
		// keep two requests in flight, as the fetcher does, and ack what arrives; a lost
		// event fails the deadline
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (ids.size() < 5_000) {
			assertThat(System.nanoTime() - deadline).as("all events within 20 s, %s so far", ids.size()).isNegative();
			if (channel.outstanding() <= 100) {
				channel.request(200, EXPIRES);
			}
			Message message = channel.next(EXPIRES.toMillis());
			if (message != null) {
				assertThat(ids.add(message.metaData().streamSequence())).as("delivered once").isTrue();
				assertThat(message.metaData().deliveredCount()).isEqualTo(1);
				// the starter's own reading of the reply subject agrees with jnats'
				DeliveryMetadata ours = DeliveryMetadata.of(message);
				assertThat(ours.streamSequence()).isEqualTo(message.metaData().streamSequence());
				assertThat(ours.consumerSequence()).isEqualTo(message.metaData().consumerSequence());
				assertThat(ours.stream()).isEqualTo(stream);
				assertThat(ours.consumer()).isEqualTo("pull");
				assertThat(ours.pendingCount()).isEqualTo(message.metaData().pendingCount());
				assertThat(ours.timestamp()).isEqualTo(message.metaData().timestamp().toInstant());
				connection.publish(message.getReplyTo(), AckType.AckAck.bytes);
			}
		}
		assertThat(channel.outstanding()).isLessThanOrEqualTo(200);
		channel.finish((late) -> ids.add(-1L));
		assertThat(ids).hasSize(5_000);
		assertThat(channel.hasRequests()).isFalse();
		ConsumerInfo info = connection.jetStreamManagement().getConsumerInfo(stream, "pull");
		assertThat(info.getNumAckPending()).isZero();
		assertThat(info.getRedelivered()).isZero();
	}

	@Test
	void requestWithNothingToDeliverEndsWhenTheServerSaysItExpired() throws Exception {
		Connection connection = nats.connection();
		String stream = backlog(connection, "expired", 3);
		PullChannel channel = PullChannel.open(connection, this, stream, consumer(connection, stream));
		channel.request(10, EXPIRES);
		List<Message> received = new ArrayList<>();
		long start = System.nanoTime();
		while (channel.hasRequests()) {
			Message message = channel.next(100);
			if (message != null) {
				received.add(message);
			}
		}
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(received).hasSize(3);
		assertThat(channel.outstanding()).isZero();
		// ended by the server's timeout status, before the channel's own safety margin
		assertThat(took).isGreaterThanOrEqualTo(EXPIRES.minusMillis(100))
			.isLessThan(EXPIRES.plus(PullChannel.EXPIRY_MARGIN));
		channel.close();
	}

	@Test
	void finishHandsOverWhatStillArrivesThenUnsubscribes() throws Exception {
		Connection connection = nats.connection();
		String stream = backlog(connection, "finish", 50);
		PullChannel channel = PullChannel.open(connection, this, stream, consumer(connection, stream));
		channel.request(50, EXPIRES);
		List<Message> arrived = new ArrayList<>();
		channel.finish(arrived::add);
		assertThat(arrived).hasSize(50);
		assertThat(channel.hasRequests()).isFalse();
		assertThat(connection.jetStreamManagement().getConsumerInfo(stream, "pull").getNumWaiting()).isZero();
	}

	@Test
	void deletedConsumerIsReportedAsARefusal() throws Exception {
		Connection connection = nats.connection();
		String stream = backlog(connection, "deleted", 0);
		PullChannel channel = PullChannel.open(connection, this, stream, consumer(connection, stream));
		channel.request(10, Duration.ofSeconds(30));
		// the request waits at the consumer before the consumer goes
		await().atMost(Duration.ofSeconds(10))
			.until(() -> connection.jetStreamManagement().getConsumerInfo(stream, "pull").getNumWaiting() == 1);
		connection.jetStreamManagement().deleteConsumer(stream, "pull");
		assertThatExceptionOfType(PullChannel.PullRefusedException.class).isThrownBy(() -> {
			while (channel.hasRequests()) {
				channel.next(100);
			}
		}).withMessageContaining("409");
		assertThat(channel.outstanding()).isZero();
		channel.close();
	}

	@Test
	void requestBeyondAConsumerLimitEndsAndHoldsBackTheNextOne() throws Exception {
		Connection connection = nats.connection();
		String stream = backlog(connection, "refused", 0);
		connection.jetStreamManagement()
			.addOrUpdateConsumer(stream,
					ConsumerConfiguration.builder()
						.durable("pull")
						.ackPolicy(AckPolicy.Explicit)
						.maxPullWaiting(1)
						.build());
		PullChannel channel = PullChannel.open(connection, this, stream, "pull");
		channel.request(10, Duration.ofSeconds(30));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> connection.jetStreamManagement().getConsumerInfo(stream, "pull").getNumWaiting() == 1);
		assertThat(channel.backoffMillis()).isZero();
		channel.request(10, Duration.ofSeconds(30));
		// the server refuses the second request (max waiting 1): it ends, the first still
		// waits
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			channel.next(100);
			return channel.outstanding() == 10;
		});
		assertThat(channel.backoffMillis()).isPositive().isLessThanOrEqualTo(PullChannel.REFUSAL_BACKOFF.toMillis());
		await().atMost(Duration.ofSeconds(5)).until(() -> channel.backoffMillis() == 0);
		channel.close();
	}

	@Test
	void servesOnlyTheBindingItWasOpenedFor() throws Exception {
		Connection connection = nats.connection();
		String stream = backlog(connection, "binding", 0);
		Object binding = new Object();
		PullChannel channel = PullChannel.open(connection, binding, stream, consumer(connection, stream));
		assertThat(channel.serves(binding)).isTrue();
		assertThat(channel.serves(new Object())).isFalse();
		channel.close();
	}

	private static String backlog(Connection connection, String prefix, int count) throws Exception {
		String stream = ListenerTestSupport.createStream(connection, prefix);
		JetStream js = connection.jetStream();
		List<CompletableFuture<PublishAck>> acks = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			acks.add(js.publishAsync(stream + ".e", new byte[] { (byte) i }));
		}
		CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
		return stream;
	}

	private static String consumer(Connection connection, String stream) throws Exception {
		connection.jetStreamManagement()
			.addOrUpdateConsumer(stream,
					ConsumerConfiguration.builder()
						.durable("pull")
						.ackPolicy(AckPolicy.Explicit)
						.deliverPolicy(DeliverPolicy.All)
						.ackWait(Duration.ofSeconds(30))
						.build());
		return "pull";
	}

}
