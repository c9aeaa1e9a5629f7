package io.windshift.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import io.nats.client.support.JsonValueUtils;

/**
 * Listens in on what consumers exchange with the server (for {@link MessageCounts}):
 * every JetStream API request ({@code $JS.API.>}: pull requests with their batch, max
 * bytes, expiry and heartbeat, info and create requests), every ack, ping and reject
 * ({@code $JS.ACK.>}, by body, with or without a reply subject), and everything the
 * server delivers to inboxes ({@code _INBOX.>}: events, heartbeats and other statuses,
 * API replies). A core subscription gets its own copy of each, so the spy doubles the
 * server's work for them: counts only, never timings, while it listens.
 */
final class WireSpy implements AutoCloseable {

	private final Connection connection;

	private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

	WireSpy(String url) throws Exception {
		this.connection = Nats.connect(RawJnats.options(url, "wire-spy"));
		Dispatcher dispatcher = this.connection.createDispatcher(this::heard);
		dispatcher.setPendingLimits(-1, -1);
		dispatcher.subscribe("$JS.API.>");
		dispatcher.subscribe("$JS.ACK.>");
		dispatcher.subscribe("_INBOX.>");
		this.connection.flush(Duration.ofSeconds(5));
	}

	/** The counts since the last call, by kind, sorted; then starts again from zero. */
	Map<String, Long> take() throws Exception {
		// everything sent before this call reached the spy once the server answered a
		// ping
		this.connection.flush(Duration.ofSeconds(5));
		Map<String, Long> taken = new TreeMap<>();
		this.counts.forEach((kind, count) -> taken.put(kind, count.sumThenReset()));
		taken.values().removeIf((count) -> count == 0);
		return taken;
	}

	private void heard(Message message) {
		String subject = message.getSubject();
		if (subject.startsWith("$JS.ACK.")) {
			count("ack " + ackKind(message) + ((message.getReplyTo() != null) ? " (with reply subject)" : ""));
		}
		else if (subject.startsWith("$JS.API.CONSUMER.MSG.NEXT.")) {
			count("pull request");
			pullShape(message);
		}
		else if (subject.startsWith("$JS.API.")) {
			count("api " + apiVerb(subject));
		}
		else if (message.isStatusMessage()) {
			count("inbox status " + message.getStatus().getCode());
		}
		else if (message.getReplyTo() != null && message.getReplyTo().startsWith("$JS.ACK.")) {
			count("inbox event");
		}
		else {
			count("inbox other (API reply)");
		}
	}

	private void count(String kind) {
		this.counts.computeIfAbsent(kind, (k) -> new LongAdder()).increment();
	}

	/**
	 * {@code +ACK}, {@code +WPI}, {@code -NAK}, {@code +TERM}, ... (an empty body acks).
	 */
	private static String ackKind(Message message) {
		byte[] data = message.getData();
		if (data == null || data.length == 0) {
			return "+ACK (empty)";
		}
		String body = new String(data, StandardCharsets.US_ASCII);
		int space = body.indexOf(' ');
		return (space < 0) ? body : body.substring(0, space);
	}

	/** {@code CONSUMER.INFO}, {@code CONSUMER.CREATE}, {@code STREAM.INFO}, ... */
	private static String apiVerb(String subject) {
		String[] tokens = subject.split("\\.");
		return (tokens.length >= 4) ? tokens[2] + "." + tokens[3] : subject;
	}

	private void pullShape(Message message) {
		try {
			JsonValue body = JsonParser.parse(message.getData());
			long batch = JsonValueUtils.readLong(body, "batch", 0);
			this.counts.computeIfAbsent("pull request: events asked (sum of batch)", (k) -> new LongAdder()).add(batch);
			count("pull request: "
					+ ((batch >= 500) ? "batch >= 500" : (batch >= 100) ? "batch 100-499" : "batch < 100")
					+ ", max_bytes " + ((JsonValueUtils.readLong(body, "max_bytes", 0) > 0) ? "set" : "unset")
					+ ", expires " + JsonValueUtils.readLong(body, "expires", 0) / 1_000_000 + " ms, idle_heartbeat "
					+ JsonValueUtils.readLong(body, "idle_heartbeat", 0) / 1_000_000 + " ms");
		}
		catch (Exception ex) {
			count("pull request (unreadable)");
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.connection.close();
	}

}
