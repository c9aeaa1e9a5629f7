package io.windshift.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.api.OrderedConsumerConfiguration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Records the messages of a subject or a stream so a test can wait for them, on plain
 * jnats: <pre>
 * try (MessageRecorder shipped = MessageRecorder.subscribe(connection, "orders.shipped")) {
 *     // act
 *     Message message = shipped.awaitMessage((m) -&gt; m.getHeaders().getFirst("Nats-Msg-Id").equals("1001"));
 * }
 * </pre> {@link #subscribe(Connection, String) subscribe} sees what is published on the
 * subject from now on (core NATS, JetStream publishes included);
 * {@link #stream(Connection, String) stream} replays everything a stream holds and then
 * follows it, without acknowledging anything. The await methods fail with the messages
 * seen so far when the timeout passes.
 */
public final class MessageRecorder implements AutoCloseable {

	/** The timeout of the await methods that take none. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	private final String source;

	private final List<Message> messages = new ArrayList<>();

	private @Nullable AutoCloseable subscription;

	private MessageRecorder(String source) {
		this.source = source;
	}

	/** Records the messages published on a subject (wildcards allowed) from now on. */
	public static MessageRecorder subscribe(Connection connection, String subject) {
		MessageRecorder recorder = new MessageRecorder("subject " + subject);
		Dispatcher dispatcher = connection.createDispatcher();
		dispatcher.subscribe(subject, recorder::add);
		try {
			connection.flush(DEFAULT_TIMEOUT);
		}
		catch (Exception ex) {
			connection.closeDispatcher(dispatcher);
			throw new IllegalStateException("Could not subscribe to " + subject, ex);
		}
		recorder.subscription = () -> connection.closeDispatcher(dispatcher);
		return recorder;
	}

	/**
	 * Records every message a stream holds, oldest first, and those it receives later
	 * (ordered consumer).
	 */
	public static MessageRecorder stream(Connection connection, String stream) {
		MessageRecorder recorder = new MessageRecorder("stream " + stream);
		try {
			MessageConsumer consumer = connection.getStreamContext(stream)
				.createOrderedConsumer(new OrderedConsumerConfiguration())
				.consume(recorder::add);
			recorder.subscription = consumer::close;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not read stream " + stream, ex);
		}
		return recorder;
	}

	private synchronized void add(Message message) {
		this.messages.add(message);
	}

	/** The messages recorded so far, in arrival order. */
	public synchronized List<Message> messages() {
		return List.copyOf(this.messages);
	}

	/** The payloads recorded so far as UTF-8 text, in arrival order. */
	public List<String> payloads() {
		return messages().stream().map((message) -> new String(message.getData(), StandardCharsets.UTF_8)).toList();
	}

	/**
	 * Waits up to {@link #DEFAULT_TIMEOUT} until at least {@code count} messages arrived;
	 * returns the first ones.
	 */
	public List<Message> awaitMessages(int count) {
		return awaitMessages(count, DEFAULT_TIMEOUT);
	}

	/**
	 * Waits until at least {@code count} messages arrived; returns the first
	 * {@code count}.
	 */
	public List<Message> awaitMessages(int count, Duration timeout) {
		awaitUntil(timeout, count + " message(s)", () -> messages().size() >= count);
		return messages().subList(0, count);
	}

	/**
	 * Waits up to {@link #DEFAULT_TIMEOUT} for a message that matches; returns the first
	 * match.
	 */
	public Message awaitMessage(Predicate<Message> match) {
		return awaitMessage(match, DEFAULT_TIMEOUT);
	}

	/** Waits for a message that matches; returns the first match. */
	public Message awaitMessage(Predicate<Message> match, Duration timeout) {
		awaitUntil(timeout, "a matching message", () -> firstMatch(match).isPresent());
		return firstMatch(match).orElseThrow();
	}

	private Optional<Message> firstMatch(Predicate<Message> match) {
		return messages().stream().filter(match).findFirst();
	}

	private void awaitUntil(Duration timeout, String what, Callable<Boolean> condition) {
		try {
			Awaitility.await(what + " on " + this.source)
				.atMost(timeout)
				.pollInterval(Duration.ofMillis(20))
				.until(condition);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(
					"Expected " + what + " on " + this.source + " within " + timeout + ", got " + describe(messages()),
					ex);
		}
	}

	private static String describe(List<Message> messages) {
		if (messages.isEmpty()) {
			return "none";
		}
		List<String> subjects = messages.stream().limit(20).map(Message::getSubject).toList();
		return messages.size() + " on subjects " + subjects + ((messages.size() > 20) ? " ..." : "");
	}

	/** Stops recording. */
	@Override
	public void close() {
		AutoCloseable subscription = this.subscription;
		this.subscription = null;
		if (subscription != null) {
			try {
				subscription.close();
			}
			catch (Exception ex) {
				// the connection is closing or closed: nothing left to stop
			}
		}
	}

	@Override
	public String toString() {
		return "MessageRecorder[" + this.source + "]";
	}

}
