package io.windshift.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.IterableConsumer;
import io.nats.client.Message;
import io.nats.client.OrderedConsumerContext;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.nats.client.api.StreamState;

/**
 * Reads every message a stream holds, in order, with an ordered consumer (no acks,
 * nothing left behind). A consumer that stalls (its server went away, a leader moved) is
 * replaced by a new one starting after the last message read; a stream that cannot be
 * read whole within a minute is an error naming what was expected and what was read,
 * never a silently short list.
 */
public final class StreamContents {

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration STALL = Duration.ofSeconds(5);

	private StreamContents() {
	}

	private static void backOff() {
		try {
			Thread.sleep(200);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while reading a stream", ex);
		}
	}

	/** All messages of the stream, oldest first. */
	public static List<Message> read(Connection connection, String stream) {
		StreamState state;
		try {
			state = connection.jetStreamManagement().getStreamInfo(stream).getStreamState();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not read stream " + stream, ex);
		}
		long expected = state.getMsgCount();
		List<Message> messages = new ArrayList<>();
		long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
		long nextSequence = 1;
		int consumers = 0;
		Exception lastFailure = null;
		while (messages.size() < expected && System.nanoTime() < deadline) {
			consumers++;
			try {
				OrderedConsumerContext consumer = connection.getStreamContext(stream)
					.createOrderedConsumer(
							new OrderedConsumerConfiguration().deliverPolicy(DeliverPolicy.ByStartSequence)
								.startSequence(nextSequence));
				try (IterableConsumer iterator = consumer.iterate()) {
					long stalledAt = System.nanoTime() + STALL.toNanos();
					while (messages.size() < expected && System.nanoTime() < Math.min(deadline, stalledAt)) {
						Message message = iterator.nextMessage(Duration.ofSeconds(1));
						if (message != null) {
							messages.add(message);
							nextSequence = message.metaData().streamSequence() + 1;
							stalledAt = System.nanoTime() + STALL.toNanos();
						}
					}
				}
			}
			catch (Exception ex) {
				lastFailure = ex;
				backOff();
			}
		}
		if (messages.size() < expected) {
			throw new IllegalStateException(
					"Read " + messages.size() + " of the " + expected + " messages stream " + stream
							+ " holds (first sequence " + state.getFirstSequence() + ", last " + state.getLastSequence()
							+ ") within " + READ_TIMEOUT + " with " + consumers + " ordered consumer(s)",
					lastFailure);
		}
		return messages;
	}

}
