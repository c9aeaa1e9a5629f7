package io.windshift.listener;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.test.NatsServerExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A status that ends a pull request can reach the client before the events the server
 * sent for that request: on a cluster the consumer's leader sends them on through another
 * server. A real server relays here what a stand-in for the consumer sends in that order
 * (the status first, then the events, on one connection so that the order is exact). The
 * events must still count as to come and be taken: counted as ended, a fetcher stopped
 * taking them (a newly pinned ordered container then took one per third of a processing
 * timeout, a stall of minutes on the 3-node cluster benchmark).
 */
class PullChannelOvertakenStatusTests {

	private static final Duration EXPIRES = Duration.ofSeconds(5);

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create().connectWith(ListenerTestSupport::connect);

	@Test
	void eventsOvertakenByTheStatusEndingTheirRequestStillCountAsToCome() throws Exception {
		Connection connection = nats.connection();
		try (Socket consumer = rawClient(nats.url())) {
			respondStatusFirst(connection, consumer, "overtaken", 5);
			PullChannel channel = PullChannel.open(connection, this, "overtaken", "stand-in");
			channel.request(5, EXPIRES);
			assertThat(channel.next(5000)).as("the status").isNull();
			assertThat(channel.outstanding()).as("events still to come after the status").isEqualTo(5);
			for (int i = 1; i <= 5; i++) {
				assertThat(channel.next(5000)).as("event %s", i).isNotNull();
				assertThat(channel.outstanding()).isEqualTo(5 - i);
			}
			assertThat(channel.hasRequests()).isFalse();
			channel.close();
		}
	}

	@Test
	void overtakenEventsThatNeverComeStopCountingShortlyAfterTheStatus() throws Exception {
		Connection connection = nats.connection();
		try (Socket consumer = rawClient(nats.url())) {
			// the server says it sent 4, one arrives: the other 3 were lost with a server
			respondStatusFirst(connection, consumer, "lost", 1);
			PullChannel channel = PullChannel.open(connection, this, "lost", "stand-in");
			channel.request(4, EXPIRES);
			assertThat(channel.next(5000)).as("the status").isNull();
			assertThat(channel.outstanding()).isEqualTo(4);
			assertThat(channel.next(5000)).as("the one event").isNotNull();
			assertThat(channel.outstanding()).isEqualTo(3);
			await().atMost(Duration.ofSeconds(5)).until(() -> !channel.hasRequests());
			assertThat(channel.outstanding()).isZero();
			channel.close();
		}
	}

	@Test
	void anEventTakenFromTheQueueIsSeenAsArrivedBeforeItIsTaken() throws Exception {
		Connection connection = nats.connection();
		try (Socket consumer = rawClient(nats.url())) {
			respondStatusFirst(connection, consumer, "arrived", 2);
			PullChannel channel = PullChannel.open(connection, this, "arrived", "stand-in");
			assertThat(channel.hasArrived()).isFalse();
			channel.request(2, EXPIRES);
			await().atMost(Duration.ofSeconds(5)).until(channel::hasArrived);
			channel.close();
		}
	}

	/**
	 * Answers each pull request to {@code stream}'s consumer with a "409 Batch Completed"
	 * saying nothing is owed, then {@code sent} events, all written on {@code consumer}.
	 */
	private static void respondStatusFirst(Connection connection, Socket consumer, String stream, int sent)
			throws Exception {
		OutputStream out = consumer.getOutputStream();
		Dispatcher responder = connection.createDispatcher((request) -> {
			String reply = request.getReplyTo();
			StringBuilder wire = new StringBuilder();
			String status = "NATS/1.0 409 Batch Completed\r\nNats-Pending-Messages: 0\r\nNats-Pending-Bytes: 0\r\n\r\n";
			wire.append("HPUB ")
				.append(reply)
				.append(' ')
				.append(status.length())
				.append(' ')
				.append(status.length())
				.append("\r\n")
				.append(status)
				.append("\r\n");
			for (int i = 0; i < sent; i++) {
				wire.append("PUB ").append(reply).append(" ack.").append(i).append(" 1\r\nx\r\n");
			}
			try {
				out.write(wire.toString().getBytes(StandardCharsets.US_ASCII));
				out.flush();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		responder.subscribe("$JS.API.CONSUMER.MSG.NEXT." + stream + ".stand-in");
		connection.flush(Duration.ofSeconds(5));
	}

	/** A connection speaking the client protocol by hand, with headers on. */
	private static Socket rawClient(String url) throws Exception {
		URI uri = URI.create(url);
		Socket socket = new Socket(uri.getHost(), uri.getPort());
		BufferedReader in = new BufferedReader(
				new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
		assertThat(in.readLine()).startsWith("INFO");
		OutputStream out = socket.getOutputStream();
		out.write("CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true,\"protocol\":1}\r\nPING\r\n"
			.getBytes(StandardCharsets.US_ASCII));
		out.flush();
		assertThat(in.readLine()).isEqualTo("PONG");
		return socket;
	}

}
