package io.windshift.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.Message;
import io.nats.client.support.NatsJetStreamConstants;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import io.windshift.events.internal.PublishedTime;

/**
 * An event to publish: the subject, the protobuf data and optional publish settings.
 * Immutable; everything is checked when it is built, before anything is sent.
 *
 * <pre>{@code
 * OutgoingEvent event = OutgoingEvent.builder("orders.created", orderCreated)
 *     .occurredAt(instant)
 *     .idempotencyKey("order-123")
 *     .expectedLastId(41L)
 *     .header("tenant", "acme")
 *     .build();
 * }</pre>
 */
public final class OutgoingEvent {

	private static final Set<String> RESERVED_HEADERS = Set.of(WireHeaders.DATA_TYPE, WireHeaders.PUBLISHED_TIME,
			WireHeaders.MSG_ID, NatsJetStreamConstants.EXPECTED_LAST_SEQ_HDR,
			NatsJetStreamConstants.EXPECTED_LAST_SUB_SEQ_HDR, NatsJetStreamConstants.EXPECTED_STREAM_HDR,
			NatsJetStreamConstants.EXPECTED_LAST_MSG_ID_HDR, NatsJetStreamConstants.EXPECTED_LAST_SUB_SEQ_SUB_HDR,
			NatsJetStreamConstants.MSG_TTL_HDR, NatsJetStreamConstants.NATS_SCHEDULE_HDR,
			NatsJetStreamConstants.NATS_SCHEDULE_TARGET_HDR, NatsJetStreamConstants.NATS_SCHEDULE_TTL_HDR,
			NatsJetStreamConstants.NATS_BATCH_ID_HDR, NatsJetStreamConstants.NATS_BATCH_SEQUENCE_HDR,
			NatsJetStreamConstants.NATS_BATCH_COMMIT_HDR, NatsJetStreamConstants.ROLLUP_HDR,
			WireHeaders.SCHEDULED_MSG_ID);

	private final String subject;

	private final Message data;

	private final @Nullable Instant occurredAt;

	private final @Nullable String idempotencyKey;

	private final long expectedLastId;

	private final long expectedLastSubjectId;

	private final Map<String, List<String>> headers;

	private final @Nullable Instant deliverAt;

	private final @Nullable Duration deliverAfter;

	private final @Nullable Duration ttl;

	/**
	 * Where the event is sent when not to its subject (the schedule subject of a delayed
	 * event).
	 */
	private final @Nullable String route;

	private OutgoingEvent(Builder builder) {
		this.subject = builder.subject;
		this.data = builder.data;
		this.occurredAt = builder.occurredAt;
		this.idempotencyKey = builder.idempotencyKey;
		this.expectedLastId = builder.expectedLastId;
		this.expectedLastSubjectId = builder.expectedLastSubjectId;
		this.headers = builder.headers.isEmpty() ? Collections.emptyMap() : copy(builder.headers);
		this.deliverAt = builder.deliverAt;
		this.deliverAfter = builder.deliverAfter;
		this.ttl = builder.ttl;
		this.route = null;
	}

	private OutgoingEvent(OutgoingEvent event, Instant deliverAt, String route) {
		this.subject = event.subject;
		this.data = event.data;
		this.occurredAt = event.occurredAt;
		this.idempotencyKey = event.idempotencyKey;
		this.expectedLastId = event.expectedLastId;
		this.expectedLastSubjectId = event.expectedLastSubjectId;
		this.headers = event.headers;
		this.deliverAt = deliverAt;
		this.deliverAfter = null;
		this.ttl = event.ttl;
		this.route = route;
	}

	private OutgoingEvent(OutgoingEvent source, String idempotencyKey) {
		this.subject = source.subject;
		this.data = source.data;
		this.occurredAt = source.occurredAt;
		this.idempotencyKey = idempotencyKey;
		this.expectedLastId = source.expectedLastId;
		this.expectedLastSubjectId = source.expectedLastSubjectId;
		this.headers = source.headers;
		this.deliverAt = source.deliverAt;
		this.deliverAfter = source.deliverAfter;
		this.ttl = source.ttl;
		this.route = source.route;
	}

	/** An event with just a subject and data. */
	public static OutgoingEvent of(String subject, Message data) {
		return builder(subject, data).build();
	}

	/** Starts an event for this subject and data. */
	public static Builder builder(String subject, Message data) {
		return new Builder(subject, data);
	}

	/** A builder holding every setting of this event, to derive a changed copy. */
	public Builder toBuilder() {
		Builder builder = new Builder(this.subject, this.data);
		builder.occurredAt = this.occurredAt;
		builder.idempotencyKey = this.idempotencyKey;
		builder.expectedLastId = this.expectedLastId;
		builder.expectedLastSubjectId = this.expectedLastSubjectId;
		this.headers.forEach((name, values) -> builder.headers.put(name, new ArrayList<>(values)));
		builder.deliverAt = this.deliverAt;
		builder.deliverAfter = this.deliverAfter;
		builder.ttl = this.ttl;
		return builder;
	}

	/** The subject to publish to. */
	public String subject() {
		return this.subject;
	}

	/** The protobuf message sent as the payload. */
	public Message data() {
		return this.data;
	}

	/** When the event happened; {@code null} means the moment it is published. */
	public @Nullable Instant occurredAt() {
		return this.occurredAt;
	}

	/** The idempotency key ({@code Nats-Msg-Id}), or {@code null}. */
	public @Nullable String idempotencyKey() {
		return this.idempotencyKey;
	}

	/** The stream's expected last id, or {@code -1} for no check. */
	public long expectedLastId() {
		return this.expectedLastId;
	}

	/** The subject's expected last id, or {@code -1} for no check. */
	public long expectedLastSubjectId() {
		return this.expectedLastSubjectId;
	}

	/** The user headers, in the order given (read only). */
	public Map<String, List<String>> headers() {
		return this.headers;
	}

	/**
	 * This event with the given idempotency key, everything else the same (a listener's
	 * forwarded event gets one derived from its source event this way).
	 */
	public OutgoingEvent withIdempotencyKey(String idempotencyKey) {
		Assert.hasText(idempotencyKey, "idempotencyKey must not be empty");
		Builder.checkHeaderValue(WireHeaders.MSG_ID, idempotencyKey);
		return new OutgoingEvent(this, idempotencyKey);
	}

	/**
	 * When the event is to be delivered, or {@code null} (see
	 * {@link Builder#deliverAt(Instant)}).
	 */
	public @Nullable Instant deliverAt() {
		return this.deliverAt;
	}

	/**
	 * The delay after publishing before the event is delivered, or {@code null} (see
	 * {@link Builder#deliverAfter(Duration)}).
	 */
	public @Nullable Duration deliverAfter() {
		return this.deliverAfter;
	}

	/**
	 * Whether the event is delivered later ({@link #deliverAt()} or
	 * {@link #deliverAfter()} is set).
	 */
	public boolean isDelayed() {
		return this.deliverAt != null || this.deliverAfter != null;
	}

	/**
	 * How long the stream keeps the event (once delivered, for a delayed one), or
	 * {@code null} for its limits.
	 */
	public @Nullable Duration ttl() {
		return this.ttl;
	}

	/** This delayed event due at a fixed time, sent to its schedule subject. */
	OutgoingEvent scheduled(Instant due, String scheduleSubject) {
		return new OutgoingEvent(this, due, scheduleSubject);
	}

	/**
	 * The subject the event is sent to: its own, or the schedule subject of a delayed
	 * event.
	 */
	String sendSubject() {
		return (this.route != null) ? this.route : this.subject;
	}

	@Override
	public String toString() {
		return "OutgoingEvent[subject=" + this.subject + ", type=" + this.data.getDescriptorForType().getFullName()
				+ ((this.idempotencyKey != null) ? ", idempotencyKey=" + this.idempotencyKey : "")
				+ ((this.deliverAt != null) ? ", deliverAt=" + this.deliverAt : "")
				+ ((this.deliverAfter != null) ? ", deliverAfter=" + this.deliverAfter : "")
				+ ((this.ttl != null) ? ", ttl=" + this.ttl : "") + "]";
	}

	private static Map<String, List<String>> copy(Map<String, List<String>> headers) {
		Map<String, List<String>> copy = new LinkedHashMap<>(headers.size() * 2);
		headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
		return Collections.unmodifiableMap(copy);
	}

	/**
	 * Checks a subject to publish to: dot-separated non-empty tokens without wildcards or
	 * whitespace.
	 * @throws IllegalArgumentException naming the subject and what is wrong
	 */
	static void checkSubject(@Nullable String subject) {
		Assert.isTrue(subject != null && !subject.isEmpty(), "subject must not be empty");
		boolean tokenEmpty = true;
		for (int i = 0; i < subject.length(); i++) {
			char c = subject.charAt(i);
			if (c == '.') {
				if (tokenEmpty) {
					throw new IllegalArgumentException("Invalid subject '" + subject + "': empty token at index " + i);
				}
				tokenEmpty = true;
				continue;
			}
			if (c == '*' || c == '>') {
				throw new IllegalArgumentException(
						"Invalid subject '" + subject + "': wildcards ('*', '>') cannot be published to");
			}
			if (c <= ' ' || Character.isWhitespace(c) || c == 0x7f) {
				throw new IllegalArgumentException(
						"Invalid subject '" + subject + "': whitespace or control character at index " + i);
			}
			tokenEmpty = false;
		}
		Assert.isTrue(!tokenEmpty, () -> "Invalid subject '" + subject + "': it must not end with '.'");
	}

	/**
	 * Builds an {@link OutgoingEvent}.
	 */
	public static final class Builder {

		private final String subject;

		private final Message data;

		private @Nullable Instant occurredAt;

		private @Nullable String idempotencyKey;

		private long expectedLastId = -1;

		private long expectedLastSubjectId = -1;

		private final Map<String, List<String>> headers = new LinkedHashMap<>();

		private @Nullable Instant deliverAt;

		private @Nullable Duration deliverAfter;

		private @Nullable Duration ttl;

		private Builder(String subject, Message data) {
			checkSubject(subject);
			Assert.notNull(data, () -> "data of the event for subject '" + subject + "' must not be null");
			this.subject = subject;
			this.data = data;
		}

		/**
		 * When the event happened ({@code WS-Published-Time}); defaults to the moment it
		 * is published.
		 */
		public Builder occurredAt(Instant occurredAt) {
			Assert.notNull(occurredAt, "occurredAt must not be null");
			PublishedTime.checkRange(occurredAt);
			this.occurredAt = occurredAt;
			return this;
		}

		/**
		 * A key that makes publishing idempotent: the stream stores one event per key
		 * inside its deduplication window; republishing returns the first event's id with
		 * {@link PublishedEvent#duplicate()} set.
		 */
		public Builder idempotencyKey(String idempotencyKey) {
			Assert.hasText(idempotencyKey, "idempotencyKey must not be empty");
			checkHeaderValue(WireHeaders.MSG_ID, idempotencyKey);
			this.idempotencyKey = idempotencyKey;
			return this;
		}

		/**
		 * Publish only if the stream's last id is this one (0: the stream is empty);
		 * otherwise {@link WrongSequenceException}.
		 */
		public Builder expectedLastId(long expectedLastId) {
			Assert.isTrue(expectedLastId >= 0, () -> "expectedLastId must not be negative, got " + expectedLastId);
			this.expectedLastId = expectedLastId;
			return this;
		}

		/**
		 * Publish only if the last id of an event on this subject is this one (0: none
		 * yet); otherwise {@link WrongSequenceException}.
		 */
		public Builder expectedLastSubjectId(long expectedLastSubjectId) {
			Assert.isTrue(expectedLastSubjectId >= 0,
					() -> "expectedLastSubjectId must not be negative, got " + expectedLastSubjectId);
			this.expectedLastSubjectId = expectedLastSubjectId;
			return this;
		}

		/**
		 * Adds a header value (headers keep the order given; a name may have several
		 * values).
		 */
		public Builder header(String name, String value) {
			checkHeaderName(name);
			Assert.notNull(value, () -> "value of header '" + name + "' must not be null");
			checkHeaderValue(name, value);
			this.headers.computeIfAbsent(name, (key) -> new ArrayList<>(1)).add(value);
			return this;
		}

		/** Adds all these headers. */
		public Builder headers(Map<String, ? extends List<String>> headers) {
			Assert.notNull(headers, "headers must not be null");
			headers.forEach((name, values) -> {
				Assert.notNull(values, () -> "values of header '" + name + "' must not be null");
				values.forEach((value) -> header(name, value));
			});
			return this;
		}

		/**
		 * Delivers the event at this time instead of at once: the stream keeps it aside
		 * (on a schedule subject no listener sees) and stores it on its subject when it
		 * is due, at the earliest at this time (rounded up to the second). Needs a stream
		 * with {@code allowScheduledEvents(true)} on nats-server 2.12 or later; otherwise
		 * publishing fails with an {@link UnsupportedFeatureException}, it never
		 * publishes at once. A time in the past delivers at once.
		 */
		public Builder deliverAt(Instant deliverAt) {
			Assert.notNull(deliverAt, "deliverAt must not be null");
			PublishedTime.checkRange(deliverAt);
			this.deliverAt = deliverAt;
			this.deliverAfter = null;
			return this;
		}

		/**
		 * Delivers the event this long after it is published (see
		 * {@link #deliverAt(Instant)}); counted from the moment of publishing, so an
		 * event held until a transaction commits waits this long after the commit.
		 */
		public Builder deliverAfter(Duration deliverAfter) {
			Assert.isTrue(deliverAfter != null && !deliverAfter.isNegative(),
					() -> "deliverAfter must be zero or positive, got " + deliverAfter);
			this.deliverAfter = deliverAfter;
			this.deliverAt = null;
			return this;
		}

		/**
		 * Removes the event from the stream this long after it is stored (for a delayed
		 * event: after it is delivered to its subject). At least one second; whole
		 * seconds (a fraction is rounded up). Needs a stream with
		 * {@code allowEventTtl(true)} on nats-server 2.11 or later, or publishing fails
		 * with an {@link UnsupportedFeatureException}.
		 */
		public Builder ttl(Duration ttl) {
			Assert.isTrue(ttl != null && ttl.compareTo(Duration.ofSeconds(1)) >= 0,
					() -> "ttl must be at least one second, got " + ttl);
			this.ttl = ttl;
			return this;
		}

		public OutgoingEvent build() {
			Assert.isTrue(
					(this.deliverAt == null && this.deliverAfter == null)
							|| (this.expectedLastId < 0 && this.expectedLastSubjectId < 0),
					() -> "A delayed event for subject '" + this.subject
							+ "' cannot have an expected last id: the server checks it when the event is scheduled,"
							+ " not when it is delivered");
			return new OutgoingEvent(this);
		}

		private static void checkHeaderName(@Nullable String name) {
			Assert.hasLength(name, "header name must not be empty");
			Assert.isTrue(!RESERVED_HEADERS.contains(name), () -> "Header '" + name
					+ "' is set by Windshift; use occurredAt, idempotencyKey, expectedLast(Subject)Id, deliverAt or ttl instead");
			for (int i = 0; i < name.length(); i++) {
				char c = name.charAt(i);
				if (c <= ' ' || c == ':' || c >= 127) {
					throw new IllegalArgumentException(
							"Invalid header name '" + name + "': printable ASCII without ':' or spaces only");
				}
			}
		}

		private static void checkHeaderValue(String name, String value) {
			for (int i = 0; i < value.length(); i++) {
				char c = value.charAt(i);
				if (c == '\r' || c == '\n') {
					throw new IllegalArgumentException("Invalid value of header '" + name + "': no line breaks");
				}
			}
		}

	}

}
