package io.windshift.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.IterableConsumer;
import io.nats.client.Message;
import io.nats.client.OrderedConsumerContext;
import io.nats.client.api.OrderedConsumerConfiguration;

/**
 * Reads every message a stream holds, in order, with an ordered consumer (no acks,
 * nothing left behind).
 */
public final class StreamContents {

	private StreamContents() {
	}

	/** All messages of the stream, oldest first. */
	public static List<Message> read(Connection connection, String stream) {
		try {
			long expected = connection.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount();
			List<Message> messages = new ArrayList<>();
			OrderedConsumerContext consumer = connection.getStreamContext(stream)
				.createOrderedConsumer(new OrderedConsumerConfiguration());
			try (IterableConsumer iterator = consumer.iterate()) {
				long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
				while (messages.size() < expected && System.nanoTime() < deadline) {
					Message message = iterator.nextMessage(Duration.ofSeconds(2));
					if (message != null) {
						messages.add(message);
					}
				}
			}
			return messages;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not read stream " + stream, ex);
		}
	}

}
