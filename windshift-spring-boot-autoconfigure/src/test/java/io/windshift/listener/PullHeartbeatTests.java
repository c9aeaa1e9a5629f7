package io.windshift.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.windshift.test.NatsServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link PullChannel}'s idle heartbeats and byte limits against a real server: heartbeats
 * keep a waiting request alive, a server frozen with SIGSTOP is noticed within two
 * heartbeat intervals (not at the request's expiry), a request brings no more bytes than
 * asked, and an event larger than the limit is flagged to be fetched alone.
 */
class PullHeartbeatTests {

	private static final Duration HEARTBEAT = Duration.ofMillis(200);

	private NatsServer server;

	private Connection connection;

	@BeforeEach
	void start() throws Exception {
		this.server = NatsServer.start();
		this.connection = ListenerTestSupport.connect(this.server.url());
	}

	@AfterEach
	void stop() throws Exception {
		this.server.resume();
		this.connection.close();
		this.server.close();
	}

	@Test
	void heartbeatsKeepAnIdleRequestOpenUntilItExpires() throws Exception {
		PullChannel channel = channel(ListenerTestSupport.createStream(this.connection, "idle"));
		channel.request(10, Duration.ofSeconds(3), 0, HEARTBEAT);
		long end = System.nanoTime() + Duration.ofMillis(1500).toNanos();
		while (System.nanoTime() < end) {
			assertThat(channel.next(100)).isNull();
		}
		// five heartbeat intervals later the request still waits: heartbeats are not
		// mistaken for its end
		assertThat(channel.hasRequests()).isTrue();
		assertThat(channel.outstanding()).isEqualTo(10);
		assertThat(channel.missedHeartbeats()).isZero();
		channel.close();
	}

	@Test
	void serverFrozenWithSigstopIsNoticedWithinTwoHeartbeatsThenTheChannelFails() throws Exception {
		PullChannel channel = channel(ListenerTestSupport.createStream(this.connection, "frozen"));
		channel.request(10, Duration.ofSeconds(30), 0, HEARTBEAT);
		assertThat(channel.next(300)).isNull();
		this.server.suspend();
		long start = System.nanoTime();
		while (channel.hasRequests()) {
			assertThat(System.nanoTime() - start).as("noticed long before the 30 s expiry")
				.isLessThan(Duration.ofSeconds(3).toNanos());
			channel.next(1000);
		}
		Duration noticed = Duration.ofNanos(System.nanoTime() - start);
		// two intervals after the last heartbeat, checked at least every interval; plus
		// slack for a loaded machine
		assertThat(noticed).isLessThan(HEARTBEAT.multipliedBy(3).plusSeconds(1));
		assertThat(channel.missedHeartbeats()).isEqualTo(1);
		assertThat(channel.outstanding()).isZero();
		// the fetcher pulls again; a second silence fails the channel so that the
		// container rebinds
		channel.request(10, Duration.ofSeconds(30), 0, HEARTBEAT);
		assertThatExceptionOfType(PullChannel.PullRefusedException.class).isThrownBy(() -> {
			long again = System.nanoTime();
			while (System.nanoTime() - again < Duration.ofSeconds(3).toNanos()) {
				channel.next(1000);
			}
		}).withMessageContaining("no heartbeat");
		channel.close();
	}

	@Test
	void requestBringsNoMoreBytesThanAskedFor() throws Exception {
		String stream = ListenerTestSupport.createStream(this.connection, "bytes");
		for (int i = 0; i < 20; i++) {
			this.connection.jetStream().publish(stream + ".e", new byte[10_000]);
		}
		PullChannel channel = channel(stream);
		channel.request(20, Duration.ofSeconds(5), 35_000, HEARTBEAT);
		assertThat(channel.outstandingBytes()).isEqualTo(35_000);
		List<Message> received = new ArrayList<>();
		while (channel.hasRequests()) {
			Message message = channel.next(1000);
			if (message != null) {
				received.add(message);
			}
		}
		// the server ends the request once the next event would pass max bytes, long
		// before its expiry
		assertThat(received).hasSizeBetween(1, 3);
		assertThat(channel.outstanding()).isZero();
		assertThat(channel.outstandingBytes()).isZero();
		assertThat(channel.oversized()).isFalse();
		channel.close();
	}

	@Test
	void eventLargerThanTheByteLimitIsFlaggedAndFetchedAlone() throws Exception {
		String stream = ListenerTestSupport.createStream(this.connection, "large");
		this.connection.jetStream().publish(stream + ".e", new byte[10_000]);
		PullChannel channel = channel(stream);
		channel.request(5, Duration.ofSeconds(5), 1_000, HEARTBEAT);
		while (channel.hasRequests()) {
			assertThat(channel.next(1000)).isNull();
		}
		assertThat(channel.oversized()).isTrue();
		channel.request(1, Duration.ofSeconds(5), 0, HEARTBEAT);
		Message message = null;
		while (message == null && channel.hasRequests()) {
			message = channel.next(1000);
		}
		assertThat(message).isNotNull();
		assertThat(message.getData()).hasSize(10_000);
		assertThat(channel.oversized()).isFalse();
		channel.close();
	}

	private PullChannel channel(String stream) throws Exception {
		this.connection.jetStreamManagement()
			.addOrUpdateConsumer(stream,
					ConsumerConfiguration.builder()
						.durable("pull")
						.ackPolicy(AckPolicy.Explicit)
						.deliverPolicy(DeliverPolicy.All)
						.build());
		return PullChannel.open(this.connection, this, stream, "pull");
	}

}
