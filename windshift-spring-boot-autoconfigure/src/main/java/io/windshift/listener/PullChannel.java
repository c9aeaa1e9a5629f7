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
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A container's pull requests to its consumer and the events they bring, on one
 * subscription for the container's life (an inbox with one reply subject per request).
 * Knows how many requested events are still to come: the server serves requests in order,
 * so an event counts against the oldest open request; a request ends when all its events
 * arrived, when the server ends it (timeout, leadership change, refusal: a status on its
 * reply subject), or at the latest shortly after its expiry (a lost connection loses its
 * requests). A status can overtake the events it follows (on a cluster, the consumer's
 * leader sends them through another server): the events the server sent before it (what
 * the request asked minus what the status says it still owed) still count as to come,
 * ahead of any open request's, until they arrived or shortly after. Used by the fetcher
 * thread only.
 * <p>
 * Requests carry an idle heartbeat: the server sends a status 100 on a request's reply
 * subject while it has nothing to deliver, so a request that heard nothing for two
 * heartbeat intervals is dead (the server stopped or is cut off without the connection
 * noticing yet). Its requests then count as ended and the fetcher pulls again; a second
 * miss in a row fails the channel, and the container checks and rebinds its consumer.
 * Requests also carry {@code max_bytes}, bounding the bytes in flight as well as the
 * events.
 * <p>
 * jnats' simplified {@code fetch} and {@code iterate} are not used here: they finish a
 * pull by unsubscribing, and the event that completes a batch is marked received a moment
 * before it is queued, so a read in between unsubscribes and drops it (it comes back only
 * after the processing timeout). This channel unsubscribes only once every request it
 * made has ended.
 * <p>
 * Nor is jnats' bound pull subscription
 * ({@code JetStreamSubscription.pull(PullRequestOptions)} read with {@code nextMessage}),
 * for a measured reason and for what its API does not tell. Measured by
 * {@code PullPathComparisonTests} (the same 20,000-event backlog drained the way the
 * fetcher pulls: overlapping requests of 500 within a prefetch of 1,000,
 * {@code max_bytes}, a 1 s idle heartbeat, one ack per event, 3 alternating rounds per
 * side after a warm-up; jnats 2.26.3, nats-server 2.15.1, 2 shared cores at a load
 * average of 21): it neither dropped nor stalled an event (0 redelivered, 0 gaps over 500
 * ms, as here: the drop above is {@code fetch}'s), but it drained at a median of 8,910
 * events/s for 34 µs of CPU per event against 12,290 events/s and 11 µs here (per round
 * 8,004 / 8,910 / 15,086 against 11,438 / 20,504 / 12,290 events/s). A second run (4
 * rounds, load 13) gave 88,000 against 134,500 events/s and 15.5 against 9.0 µs, again
 * without a drop or a stall. Among other things it reads every event's metadata (a
 * {@code ZonedDateTime}) to track sequences. What it does not tell: {@code pull} returns
 * nothing, and the statuses that end a request (408 expired, 409 batch completed or
 * leadership change, 423 pin moved) reach {@code nextMessage} as a plain {@code null},
 * like a wait in which nothing came (their pending headers are read only for jnats'
 * simplified consumers), so which request ended and how many events it still owed are not
 * visible, and the overlapping requests' count of events still to come can only be
 * guessed; a 409 "Exceeded ..." refusal is swallowed, so no back-off is possible; a
 * missed heartbeat goes only to the connection's {@code ErrorListener}
 * ({@code heartbeatAlarm}), not to the puller; and a pinned-client group's pin cannot be
 * sent ({@code PullRequestOptions.getPinId()} is protected and returns {@code null}; only
 * the simplified consumers send one). Switching would need jnats to tell the caller of
 * {@code pull} when and how each request ended (what its package-private
 * {@code PullManagerObserver} hears) and to take a pin id; what jnats does give is used:
 * the API prefix of a domain ({@link JetStreamOptions#getPrefix()}) and status parsing
 * ({@link Status}).
 */
final class PullChannel {

	/** How long after its expiry a request without an answer counts as ended. */
	static final Duration EXPIRY_MARGIN = Duration.ofMillis(500);

	/** The header with which the server tells a pinned client its pin. */
	static final String PIN_ID = "Nats-Pin-Id";

	/**
	 * How long no new request is made after the server refused one for a consumer limit
	 * (max waiting, say).
	 */
	static final Duration REFUSAL_BACKOFF = Duration.ofMillis(250);

	/** The header with the events a request ended by a status still owed. */
	static final String PENDING_MESSAGES = "Nats-Pending-Messages";

	/** The header with the bytes a request ended by a status still owed. */
	static final String PENDING_BYTES = "Nats-Pending-Bytes";

	private static final Log logger = LogFactory.getLog(PullChannel.class);

	private final Connection connection;

	private final Object context;

	private final String inbox;

	private final String requestSubject;

	private final Subscription subscription;

	private final Map<String, Request> requests = new LinkedHashMap<>();

	private long nextId;

	private int outstanding;

	private long outstandingBytes;

	/**
	 * Events of requests that a status ended before they arrived (part of
	 * {@link #outstanding}).
	 */
	private int overtaken;

	/** The bytes of the {@link #overtaken} events, at most. */
	private long overtakenBytes;

	/**
	 * When ({@link System#nanoTime()}) the {@link #overtaken} events no longer count as
	 * to come.
	 */
	private long overtakenDeadline;

	/** The idle heartbeat of the requests, in nanoseconds; zero for none. */
	private long heartbeatNanos;

	/**
	 * When ({@link System#nanoTime()}) the server was last heard from while requests were
	 * open.
	 */
	private long lastHeard;

	private int missedHeartbeats;

	/**
	 * Whether the server could not deliver the next event within a request's max bytes
	 * (it is larger).
	 */
	private boolean oversized;

	/**
	 * Until when ({@link System#nanoTime()}) no request is made; meaningful while
	 * {@link #refused} is set.
	 */
	private long backoffUntil;

	private boolean refused;

	/** The priority group of a pinned-client consumer, or {@code null}. */
	private @Nullable String group;

	/**
	 * The pin the server gave this channel (with its first event of the group), or
	 * {@code null}.
	 */
	private @Nullable String pinId;

	/** Whether a new pin came since {@link #takeNewPin()} was last called. */
	private boolean newPin;

	private PullChannel(Connection connection, JetStreamOptions jetStream, Object context, String stream,
			String consumer) {
		this.connection = connection;
		this.context = context;
		this.inbox = connection.createInbox();
		// the API prefix as jnats derives it from the domain or prefix ("$JS.API.",
		// "$JS.<domain>.API.")
		this.requestSubject = jetStream.getPrefix() + "CONSUMER.MSG.NEXT." + stream + "." + consumer;
		this.subscription = connection.subscribe(this.inbox + ".*");
	}

	/**
	 * Opens a channel to a consumer.
	 * @param context what the consumer was bound as: a channel serves one binding (see
	 * {@link #serves})
	 */
	static PullChannel open(Connection connection, Object context, String stream, String consumer) {
		return open(connection, JetStreamOptions.DEFAULT_JS_OPTIONS, context, stream, consumer);
	}

	/**
	 * Opens a channel to a consumer of the JetStream of a domain or API prefix.
	 * @param context what the consumer was bound as: a channel serves one binding (see
	 * {@link #serves})
	 */
	static PullChannel open(Connection connection, JetStreamOptions jetStream, Object context, String stream,
			String consumer) {
		return new PullChannel(connection, jetStream, context, stream, consumer);
	}

	/** Whether this channel was opened for this binding of the consumer. */
	boolean serves(Object context) {
		return this.context == context;
	}

	/**
	 * Pulls as a member of a pinned-client priority group: the server serves one pinned
	 * member at a time; this channel keeps the pin it is given until the server says it
	 * moved (status 423), then competes again.
	 */
	void pinnedGroup(String group) {
		this.group = group;
	}

	/**
	 * Whether the server pinned this channel anew since the last call: the last event
	 * came with a pin it did not have before.
	 */
	boolean takeNewPin() {
		boolean pinned = this.newPin;
		this.newPin = false;
		return pinned;
	}

	/**
	 * Whether the server pinned this channel (it gave it a pin that it did not take back
	 * since).
	 */
	boolean isPinned() {
		return this.pinId != null;
	}

	/** Asks for up to {@code count} events, the request ending after {@code expires}. */
	void request(int count, Duration expires) {
		request(count, expires, 0, Duration.ZERO);
	}

	/**
	 * Asks for up to {@code count} events of at most {@code maxBytes} together (zero: no
	 * byte limit), the request ending after {@code expires}; the server sends a heartbeat
	 * every {@code heartbeat} while it has nothing to deliver (zero: none).
	 */
	void request(int count, Duration expires, long maxBytes, Duration heartbeat) {
		String reply = this.inbox + "." + (++this.nextId);
		StringBuilder body = new StringBuilder("{\"batch\":").append(count)
			.append(",\"expires\":")
			.append(expires.toNanos());
		if (maxBytes > 0) {
			body.append(",\"max_bytes\":").append(maxBytes);
		}
		if (this.group != null) {
			body.append(",\"group\":\"").append(this.group).append('"');
		}
		if (this.pinId != null) {
			body.append(",\"id\":\"").append(this.pinId).append('"');
		}
		if (!heartbeat.isZero()) {
			body.append(",\"idle_heartbeat\":").append(heartbeat.toNanos());
		}
		body.append('}');
		long now = System.nanoTime();
		if (this.requests.isEmpty()) {
			this.lastHeard = now;
		}
		this.heartbeatNanos = heartbeat.toNanos();
		this.requests.put(reply, new Request(count, maxBytes, now + expires.plus(EXPIRY_MARGIN).toNanos()));
		this.outstanding += count;
		this.outstandingBytes += maxBytes;
		this.oversized = false;
		this.connection.publish(this.requestSubject, reply, body.toString().getBytes(StandardCharsets.UTF_8));
	}

	/** Requested events still to come. */
	int outstanding() {
		expireOverdue(System.nanoTime());
		return this.outstanding;
	}

	/** Requested bytes still to come, at most (of requests with a byte limit). */
	long outstandingBytes() {
		return this.outstandingBytes;
	}

	/**
	 * Whether the next event did not fit a request's byte limit: the server ended a
	 * request with a status before delivering anything, owing all its events and bytes.
	 * The next request should then ask for one event without a byte limit.
	 */
	boolean oversized() {
		return this.oversized;
	}

	/** How many times in a row requests heard nothing for two heartbeat intervals. */
	int missedHeartbeats() {
		return this.missedHeartbeats;
	}

	/**
	 * How long to wait before the next request, in milliseconds: zero unless the server
	 * just refused one for a consumer limit (too many waiting requests, a batch or expiry
	 * beyond the consumer's maximum).
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

	/**
	 * Whether some request has not ended yet, or events of ended ones are still on their
	 * way.
	 */
	boolean hasRequests() {
		expireOverdue(System.nanoTime());
		return !this.requests.isEmpty() || this.overtaken > 0;
	}

	/**
	 * Whether events arrived that were not taken yet (whatever the count of requested
	 * ones says).
	 */
	boolean hasArrived() {
		return this.subscription.getPendingMessageCount() > 0;
	}

	/**
	 * The next event, waiting at most {@code millis}; {@code null} if none came (or the
	 * server only ended a request).
	 * @throws PullRefusedException if the server refused a request for good (the consumer
	 * was deleted, say)
	 */
	@Nullable Message next(long millis) throws InterruptedException {
		long wait = (this.heartbeatNanos > 0) ? Math.min(millis, this.heartbeatNanos / 1_000_000) : millis;
		Message message = this.subscription.nextMessage(Math.max(1, wait));
		long now = System.nanoTime();
		if (message == null) {
			expireOverdue(now);
			checkHeartbeat(now);
			return null;
		}
		this.lastHeard = now;
		this.missedHeartbeats = 0;
		if (message.isStatusMessage()) {
			if (message.getStatus().getCode() == 100) {
				// 100 Idle Heartbeat: the request is alive and waiting
				return null;
			}
			// any other status comes on the reply subject of the request it ends
			Request request = this.requests.remove(message.getSubject());
			if (request != null) {
				ended(message, request, now);
			}
			return statusOf(message, request);
		}
		if (this.group != null && message.hasHeaders()) {
			String pin = message.getHeaders().getFirst(PIN_ID);
			if (pin != null) {
				this.newPin |= !pin.equals(this.pinId);
				this.pinId = pin;
			}
		}
		// events keep their own subject: the server serves requests in order, so this one
		// is the oldest's (an ended request's, if its status overtook it)
		if (this.overtaken > 0) {
			this.overtaken--;
			this.outstanding--;
			long bytes = Math.min(this.overtakenBytes, size(message));
			this.overtakenBytes -= bytes;
			this.outstandingBytes -= bytes;
			this.overtakenDeadline = now + EXPIRY_MARGIN.toNanos();
			return message;
		}
		Iterator<Request> oldest = this.requests.values().iterator();
		if (oldest.hasNext()) {
			Request request = oldest.next();
			this.outstanding--;
			long bytes = Math.min(request.remainingBytes, size(message));
			request.remainingBytes -= bytes;
			this.outstandingBytes -= bytes;
			if (--request.remaining == 0) {
				this.outstandingBytes -= request.remainingBytes;
				oldest.remove();
			}
		}
		return message;
	}

	/**
	 * A status ended the request: what it still owed will not come, what the server sent
	 * before it may still be on its way.
	 */
	private void ended(Message status, Request request, long now) {
		int owed = request.remaining;
		long owedBytes = request.remainingBytes;
		if (status.hasHeaders()) {
			owed = (int) Math.min(owed, pending(status, PENDING_MESSAGES, owed));
			owedBytes = Math.min(owedBytes, pending(status, PENDING_BYTES, owedBytes));
		}
		this.outstanding -= owed;
		this.outstandingBytes -= owedBytes;
		int sent = request.remaining - owed;
		if (sent > 0) {
			this.overtaken += sent;
			this.overtakenBytes += request.remainingBytes - owedBytes;
			this.overtakenDeadline = now + EXPIRY_MARGIN.toNanos();
		}
		else {
			this.outstandingBytes -= request.remainingBytes - owedBytes;
		}
	}

	private static long pending(Message status, String header, long otherwise) {
		String value = status.getHeaders().getFirst(header);
		if (value == null) {
			return otherwise;
		}
		try {
			return Math.max(0, Long.parseLong(value.trim()));
		}
		catch (NumberFormatException ex) {
			return otherwise;
		}
	}

	/**
	 * The bytes of an event as a pull request's max bytes counts them, about: its data
	 * and its headers.
	 */
	static long size(Message message) {
		byte[] data = message.getData();
		long size = (data != null) ? data.length : 0;
		if (message.hasHeaders()) {
			size += message.getHeaders().serializedLength();
		}
		return size;
	}

	/**
	 * Ends every request if none heard anything for two heartbeat intervals: the server
	 * is gone without the connection knowing yet, so waiting for the expiry would only
	 * stall. Fails the channel at the second miss. A standby member of a pinned-client
	 * group (not pinned) is not checked: the server may hold its requests without a word
	 * while another member is pinned, and it learns of a lost server at the expiry.
	 */
	private void checkHeartbeat(long now) {
		if (this.heartbeatNanos <= 0 || this.requests.isEmpty() || now - this.lastHeard <= 2 * this.heartbeatNanos
				|| (this.group != null && this.pinId == null)) {
			return;
		}
		this.requests.clear();
		this.outstanding = 0;
		this.outstandingBytes = 0;
		this.overtaken = 0;
		this.overtakenBytes = 0;
		this.lastHeard = now;
		this.missedHeartbeats++;
		String missed = "no heartbeat from the server for " + Duration.ofNanos(2 * this.heartbeatNanos).toMillis()
				+ " ms on the pull requests to " + this.requestSubject;
		if (this.missedHeartbeats >= 2) {
			throw new PullRefusedException(missed + ", twice in a row");
		}
		logger.debug(missed + "; pulling again");
	}

	/**
	 * Waits for every request to end, handing the events that still arrive to
	 * {@code sink}, then unsubscribes. Takes at most about the longest request expiry.
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
		this.outstandingBytes = 0;
		this.overtaken = 0;
		this.overtakenBytes = 0;
		try {
			this.subscription.unsubscribe();
		}
		catch (RuntimeException ex) {
			// the connection is closed: the subscription is gone either way
		}
	}

	/**
	 * What a status that ended a request means: nothing to hand over, or a refusal for
	 * good (thrown). By code and pending headers where the protocol has them; 409
	 * refusals (a consumer limit exceeded, the consumer deleted) differ only in their
	 * text.
	 */
	private @Nullable Message statusOf(Message message, @Nullable Request request) {
		Status status = message.getStatus();
		int code = status.getCode();
		if (code == 409 && request != null && request.maxBytes > 0 && owedEverything(message, request)) {
			// ended with nothing delivered and everything owed: the next event is larger
			// than the request's max bytes (an idle heartbeat or an expiry says nothing
			// of
			// sizes: a standby member of a pinned group hears only those)
			this.oversized = true;
		}
		String text = String.valueOf(status.getMessage());
		if (code == 409 && text.startsWith("Exceeded")) {
			// a request beyond a consumer limit (max waiting, max batch, ...): the next
			// one waits a little
			this.refused = true;
			this.backoffUntil = System.nanoTime() + REFUSAL_BACKOFF.toNanos();
			return null;
		}
		if (code == 423) {
			// the pin moved to another client: compete for it again
			this.pinId = null;
			return null;
		}
		// 408: expired; 409 leadership change or batch completed; 100: heartbeat; 404: no
		// events (no-wait only)
		if (code == 408 || code == 404 || code == 100
				|| (code == 409 && !text.contains("Consumer Deleted") && !text.contains("Consumer is push based"))) {
			return null;
		}
		throw new PullRefusedException(code + " " + text);
	}

	private void expireOverdue(long now) {
		if (this.overtaken > 0 && now - this.overtakenDeadline >= 0) {
			// lost with a connection or a server
			this.outstanding -= this.overtaken;
			this.outstandingBytes -= this.overtakenBytes;
			this.overtaken = 0;
			this.overtakenBytes = 0;
		}
		for (Iterator<Request> it = this.requests.values().iterator(); it.hasNext();) {
			Request request = it.next();
			if (now - request.deadline < 0) {
				// the oldest first: the later ones end later
				return;
			}
			this.outstanding -= request.remaining;
			this.outstandingBytes -= request.remainingBytes;
			it.remove();
		}
	}

	private static boolean owedEverything(Message status, Request request) {
		if (request.remaining != request.count || !status.hasHeaders()) {
			return false;
		}
		String messages = status.getHeaders().getFirst(PENDING_MESSAGES);
		String bytes = status.getHeaders().getFirst(PENDING_BYTES);
		return String.valueOf(request.count).equals(messages) && String.valueOf(request.maxBytes).equals(bytes);
	}

	private static final class Request {

		final int count;

		final long maxBytes;

		int remaining;

		long remainingBytes;

		final long deadline;

		Request(int count, long maxBytes, long deadline) {
			this.count = count;
			this.maxBytes = maxBytes;
			this.remaining = count;
			this.remainingBytes = maxBytes;
			this.deadline = deadline;
		}

	}

	/**
	 * The server refused a pull request for good (the consumer was deleted, or no server
	 * answers).
	 */
	static final class PullRefusedException extends RuntimeException {

		PullRefusedException(String status) {
			super("The server refused a pull request: " + status);
		}

	}

}
