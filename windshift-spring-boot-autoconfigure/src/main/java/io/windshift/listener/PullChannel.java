package io.windshift.listener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import io.nats.client.Connection;
import io.nats.client.JetStreamOptions;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.support.Status;
import org.jspecify.annotations.Nullable;

/**
 * A container's pull requests to its consumer and the events they bring, on one subscription for the container's
 * life (an inbox with one reply subject per request). Knows how many requested events are still to come: the
 * server serves requests in order, so an event counts against the oldest open request; a request ends when all
 * its events arrived, when the server ends it (timeout, leadership change, refusal: a status on its reply
 * subject), or at the latest shortly after its expiry (a lost connection loses its requests). Used by the
 * fetcher thread only.
 * <p>
 * jnats' simplified {@code fetch} and {@code iterate} are not used here: they finish a pull by unsubscribing,
 * and the event that completes a batch is marked received a moment before it is queued, so a read in between
 * unsubscribes and drops it (it comes back only after the processing timeout). This channel unsubscribes only
 * once every request it made has ended.
 */
final class PullChannel {

	/** How long after its expiry a request without an answer counts as ended. */
	static final Duration EXPIRY_MARGIN = Duration.ofMillis(500);

	/** How long no new request is made after the server refused one for a consumer limit (max waiting, say). */
	static final Duration REFUSAL_BACKOFF = Duration.ofMillis(250);

	private final Connection connection;

	private final Object context;

	private final String inbox;

	private final String requestSubject;

	private final Subscription subscription;

	private final Map<String, Request> requests = new LinkedHashMap<>();

	private long nextId;

	private int outstanding;

	/** Until when ({@link System#nanoTime()}) no request is made; meaningful while {@link #refused} is set. */
	private long backoffUntil;

	private boolean refused;

	private PullChannel(Connection connection, JetStreamOptions jetStream, Object context, String stream,
			String consumer) {
		this.connection = connection;
		this.context = context;
		this.inbox = connection.createInbox();
		// the API prefix as jnats derives it from the domain or prefix ("$JS.API.", "$JS.<domain>.API.")
		this.requestSubject = jetStream.getPrefix() + "CONSUMER.MSG.NEXT." + stream + "." + consumer;
		this.subscription = connection.subscribe(this.inbox + ".*");
	}

	/**
	 * Opens a channel to a consumer.
	 * @param context what the consumer was bound as: a channel serves one binding (see {@link #serves})
	 */
	static PullChannel open(Connection connection, Object context, String stream, String consumer) {
		return open(connection, JetStreamOptions.DEFAULT_JS_OPTIONS, context, stream, consumer);
	}

	/**
	 * Opens a channel to a consumer of the JetStream of a domain or API prefix.
	 * @param context what the consumer was bound as: a channel serves one binding (see {@link #serves})
	 */
	static PullChannel open(Connection connection, JetStreamOptions jetStream, Object context, String stream,
			String consumer) {
		return new PullChannel(connection, jetStream, context, stream, consumer);
	}

	/** Whether this channel was opened for this binding of the consumer. */
	boolean serves(Object context) {
		return this.context == context;
	}

	/** Asks for up to {@code count} events, the request ending after {@code expires}. */
	void request(int count, Duration expires) {
		String reply = this.inbox + "." + (++this.nextId);
		String body = "{\"batch\":" + count + ",\"expires\":" + expires.toNanos() + "}";
		long deadline = System.nanoTime() + expires.plus(EXPIRY_MARGIN).toNanos();
		this.requests.put(reply, new Request(count, deadline));
		this.outstanding += count;
		this.connection.publish(this.requestSubject, reply, body.getBytes(StandardCharsets.UTF_8));
	}

	/** Requested events still to come. */
	int outstanding() {
		expireOverdue(System.nanoTime());
		return this.outstanding;
	}

	/**
	 * How long to wait before the next request, in milliseconds: zero unless the server just refused one for a
	 * consumer limit (too many waiting requests, a batch or expiry beyond the consumer's maximum).
	 */
	long backoffMillis() {
		if (!this.refused) {
			return 0;
		}
		long left = this.backoffUntil - System.nanoTime();
		if (left <= 0) {
			this.refused = false;
			return 0;
		}
		return Math.max(1, left / 1_000_000);
	}

	/** Whether some request has not ended yet. */
	boolean hasRequests() {
		expireOverdue(System.nanoTime());
		return !this.requests.isEmpty();
	}

	/**
	 * The next event, waiting at most {@code millis}; {@code null} if none came (or the server only ended a
	 * request).
	 * @throws PullRefusedException if the server refused a request for good (the consumer was deleted, say)
	 */
	@Nullable Message next(long millis) throws InterruptedException {
		Message message = this.subscription.nextMessage(Duration.ofMillis(Math.max(1, millis)));
		if (message == null) {
			expireOverdue(System.nanoTime());
			return null;
		}
		if (message.isStatusMessage()) {
			// a status comes on the reply subject of the request it ends
			Request request = this.requests.remove(message.getSubject());
			if (request != null) {
				this.outstanding -= request.remaining;
			}
			return statusOf(message);
		}
		// events keep their own subject: the server serves requests in order, so this one is the oldest's
		Iterator<Request> oldest = this.requests.values().iterator();
		if (oldest.hasNext()) {
			Request request = oldest.next();
			this.outstanding--;
			if (--request.remaining == 0) {
				oldest.remove();
			}
		}
		return message;
	}

	/**
	 * Waits for every request to end, handing the events that still arrive to {@code sink}, then unsubscribes.
	 * Takes at most about the longest request expiry.
	 */
	void finish(Consumer<Message> sink) throws InterruptedException {
		try {
			while (hasRequests()) {
				Message message;
				try {
					message = next(100);
				}
				catch (PullRefusedException ex) {
					continue;
				}
				if (message != null) {
					sink.accept(message);
				}
			}
		}
		finally {
			close();
		}
	}

	/** Unsubscribes at once. */
	void close() {
		this.requests.clear();
		this.outstanding = 0;
		try {
			this.subscription.unsubscribe();
		}
		catch (RuntimeException ex) {
			// the connection is closed: the subscription is gone either way
		}
	}

	/** What a status that ended a request means: nothing to hand over, or a refusal for good (thrown). */
	private @Nullable Message statusOf(Message message) {
		Status status = message.getStatus();
		int code = status.getCode();
		String text = String.valueOf(status.getMessage());
		if (code == 409 && text.startsWith("Exceeded")) {
			// a request beyond a consumer limit (max waiting, max batch, ...): the next one waits a little
			this.refused = true;
			this.backoffUntil = System.nanoTime() + REFUSAL_BACKOFF.toNanos();
			return null;
		}
		// 408: expired; 409 leadership change or batch completed; 100: heartbeat; 404: no events (no-wait only)
		if (code == 408 || code == 404 || code == 100 || (code == 409 && !text.contains("Consumer Deleted")
				&& !text.contains("Consumer is push based"))) {
			return null;
		}
		throw new PullRefusedException(code + " " + text);
	}

	private void expireOverdue(long now) {
		for (Iterator<Request> it = this.requests.values().iterator(); it.hasNext();) {
			Request request = it.next();
			if (now - request.deadline < 0) {
				// the oldest first: the later ones end later
				return;
			}
			this.outstanding -= request.remaining;
			it.remove();
		}
	}

	private static final class Request {

		int remaining;

		final long deadline;

		Request(int remaining, long deadline) {
			this.remaining = remaining;
			this.deadline = deadline;
		}

	}

	/** The server refused a pull request for good (the consumer was deleted, or no server answers). */
	static final class PullRefusedException extends RuntimeException {

		PullRefusedException(String status) {
			super("The server refused a pull request: " + status);
		}

	}

}
