package io.windshift.consumers;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.PriorityPolicy;
import io.windshift.streams.NamingRules;
import io.windshift.streams.StreamPointer;

import org.jspecify.annotations.Nullable;

/**
 * The declaration of a consumer of a stream: durable (with a {@link Builder#name(String)
 * name}, kept by the server for ever) or ephemeral (without a name, removed by the server
 * after {@link #DEFAULT_INACTIVE_THRESHOLD one hour} without subscribers). Immutable;
 * made with {@link #builder(String)} and checked by {@link Builder#build()}. Declared as
 * a bean, a durable consumer is created or updated when the application context starts.
 * <pre>{@code
 * ConsumerDefinition.builder("orders").name("order-processor").subjects("orders.created").build();
 * }</pre>
 */
public final class ConsumerDefinition {

	/** The default processing timeout: 30 seconds. */
	public static final Duration DEFAULT_PROCESSING_TIMEOUT = Duration.ofSeconds(30);

	/** The default max pending events: 50. */
	public static final int DEFAULT_MAX_PENDING_EVENTS = 50;

	/** How long an ephemeral consumer outlives its last subscriber by default: 1 hour. */
	public static final Duration DEFAULT_INACTIVE_THRESHOLD = Duration.ofHours(1);

	private final String stream;

	private final @Nullable String name;

	private final List<String> subjects;

	private final Duration processingTimeout;

	private final StreamPointer consumeFrom;

	private final int maxDeliveryAttempts;

	private final int maxPendingEvents;

	private final List<Duration> redeliveryBackoff;

	private final @Nullable Duration inactiveThreshold;

	private final @Nullable String description;

	private final @Nullable String pinnedClientGroup;

	private final int maxBatch;

	private final @Nullable Duration maxExpires;

	private final Map<String, String> metadata;

	private ConsumerDefinition(Builder builder) {
		this.stream = builder.stream;
		this.name = builder.name;
		this.subjects = List.copyOf(builder.subjects);
		this.processingTimeout = builder.processingTimeout;
		this.consumeFrom = builder.consumeFrom;
		this.maxDeliveryAttempts = builder.maxDeliveryAttempts;
		this.maxPendingEvents = builder.maxPendingEvents;
		this.redeliveryBackoff = List.copyOf(builder.redeliveryBackoff);
		this.inactiveThreshold = builder.inactiveThreshold;
		this.description = builder.description;
		this.pinnedClientGroup = builder.pinnedClientGroup;
		this.maxBatch = builder.maxBatch;
		this.maxExpires = builder.maxExpires;
		this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(builder.metadata));
	}

	/**
	 * Starts the declaration of a consumer of the given stream.
	 * @param stream the stream name
	 * @return a builder
	 * @throws IllegalArgumentException if the name breaks {@link NamingRules#NAME_RULE}
	 */
	public static Builder builder(String stream) {
		return new Builder(NamingRules.requireValidName("stream name", stream));
	}

	/** A builder holding every setting of this definition, to derive a changed copy. */
	public Builder toBuilder() {
		Builder builder = new Builder(this.stream);
		builder.name = this.name;
		builder.subjects.addAll(this.subjects);
		builder.processingTimeout = this.processingTimeout;
		builder.consumeFrom = this.consumeFrom;
		builder.maxDeliveryAttempts = this.maxDeliveryAttempts;
		builder.maxPendingEvents = this.maxPendingEvents;
		builder.redeliveryBackoff.addAll(this.redeliveryBackoff);
		builder.inactiveThreshold = this.inactiveThreshold;
		builder.description = this.description;
		builder.pinnedClientGroup = this.pinnedClientGroup;
		builder.maxBatch = this.maxBatch;
		builder.maxExpires = this.maxExpires;
		builder.metadata.putAll(this.metadata);
		return builder;
	}

	/** The name of the stream consumed. */
	public String stream() {
		return this.stream;
	}

	/** The durable name, empty for an ephemeral consumer. */
	public Optional<String> name() {
		return Optional.ofNullable(this.name);
	}

	/** Whether the consumer is durable (has a name). */
	public boolean isDurable() {
		return this.name != null;
	}

	/**
	 * The subjects (filters, wildcards allowed) consumed; empty for every subject of the
	 * stream.
	 */
	public List<String> subjects() {
		return this.subjects;
	}

	/**
	 * How long a handler may take before the event is redelivered (the server's ack
	 * wait).
	 */
	public Duration processingTimeout() {
		return this.processingTimeout;
	}

	/**
	 * Where a newly created consumer starts; an existing durable consumer keeps its
	 * position.
	 */
	public StreamPointer consumeFrom() {
		return this.consumeFrom;
	}

	/** How many times an event is delivered at most; zero for unlimited. */
	public int maxDeliveryAttempts() {
		return this.maxDeliveryAttempts;
	}

	/** How many events may be delivered and not yet acknowledged at a time. */
	public int maxPendingEvents() {
		return this.maxPendingEvents;
	}

	/**
	 * Extra delays before an event whose processing timed out is redelivered: step
	 * {@code n} applies after delivery {@code n}, the last step to every later one.
	 * Empty: redelivery right after the processing timeout.
	 */
	public List<Duration> redeliveryBackoff() {
		return this.redeliveryBackoff;
	}

	/**
	 * How long the server keeps the consumer without subscribers: the configured value,
	 * else {@link #DEFAULT_INACTIVE_THRESHOLD} for an ephemeral consumer and for ever
	 * (empty) for a durable one.
	 */
	public Optional<Duration> inactiveThreshold() {
		if (this.inactiveThreshold != null) {
			return Optional.of(this.inactiveThreshold);
		}
		return isDurable() ? Optional.empty() : Optional.of(DEFAULT_INACTIVE_THRESHOLD);
	}

	/** A description, or {@code null}. */
	public @Nullable String description() {
		return this.description;
	}

	/** The most events one pull request may ask for; zero for no limit. */
	public int maxBatch() {
		return this.maxBatch;
	}

	/** The longest a pull request may wait, or {@code null} for no limit. */
	public @Nullable Duration maxExpires() {
		return this.maxExpires;
	}

	/**
	 * Metadata kept with the consumer on the server (nats-server 2.10+); may be empty.
	 */
	public Map<String, String> metadata() {
		return this.metadata;
	}

	/**
	 * This definition as a jnats {@link ConsumerConfiguration} of a pull consumer with
	 * explicit acks. The redelivery back-off becomes the server's back-off, each step
	 * being the processing timeout plus that step's delay, so that the time allowed for
	 * processing never shrinks.
	 * @return the configuration
	 */
	public ConsumerConfiguration toConsumerConfiguration() {
		ConsumerConfiguration.Builder builder = ConsumerConfiguration.builder()
			.ackPolicy(AckPolicy.Explicit)
			.ackWait(this.processingTimeout)
			.maxDeliver((this.maxDeliveryAttempts == 0) ? -1 : this.maxDeliveryAttempts)
			.maxAckPending(this.maxPendingEvents)
			.description(this.description);
		if (this.name != null) {
			builder.durable(this.name);
		}
		if (this.subjects.size() == 1) {
			builder.filterSubject(this.subjects.get(0));
		}
		else if (!this.subjects.isEmpty()) {
			builder.filterSubjects(this.subjects);
		}
		switch (this.consumeFrom.kind()) {
			case NEW -> builder.deliverPolicy(DeliverPolicy.New);
			case START -> builder.deliverPolicy(DeliverPolicy.All);
			case END -> builder.deliverPolicy(DeliverPolicy.Last);
			case ID -> builder.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(this.consumeFrom.id());
			case TIME -> builder.deliverPolicy(DeliverPolicy.ByStartTime)
				.startTime(Objects.requireNonNull(this.consumeFrom.time()).atZone(ZoneOffset.UTC));
		}
		if (!this.redeliveryBackoff.isEmpty()) {
			builder.backoff(serverBackoff().toArray(Duration[]::new));
		}
		inactiveThreshold().ifPresent(builder::inactiveThreshold);
		if (this.pinnedClientGroup != null) {
			builder.priorityPolicy(PriorityPolicy.PinnedClient)
				.priorityGroups(this.pinnedClientGroup)
				.priorityTimeout(pinTimeout());
		}
		if (this.maxBatch > 0) {
			builder.maxBatch(this.maxBatch);
		}
		if (this.maxExpires != null) {
			builder.maxExpires(this.maxExpires);
		}
		if (!this.metadata.isEmpty()) {
			builder.metadata(this.metadata);
		}
		return builder.build();
	}

	/**
	 * The priority group whose pulls the server serves to one pinned client at a time
	 * (the others take over when it stops pulling for the {@link #pinTimeout() pin
	 * timeout}), or {@code null} for none. Needs nats-server 2.11.
	 */
	public @Nullable String pinnedClientGroup() {
		return this.pinnedClientGroup;
	}

	/**
	 * How long a pinned client keeps the pin without pulling: one and a half processing
	 * timeouts, so that the events the last one held are due for redelivery before
	 * another client is pinned.
	 */
	public Duration pinTimeout() {
		return this.processingTimeout.plus(this.processingTimeout.dividedBy(2));
	}

	/**
	 * The back-off the server is given: the processing timeout plus each redelivery
	 * delay.
	 */
	public List<Duration> serverBackoff() {
		return this.redeliveryBackoff.stream().map(this.processingTimeout::plus).toList();
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (this == other) || (other instanceof ConsumerDefinition that && this.stream.equals(that.stream)
				&& Objects.equals(this.name, that.name) && this.subjects.equals(that.subjects)
				&& this.processingTimeout.equals(that.processingTimeout) && this.consumeFrom.equals(that.consumeFrom)
				&& this.maxDeliveryAttempts == that.maxDeliveryAttempts
				&& this.maxPendingEvents == that.maxPendingEvents
				&& this.redeliveryBackoff.equals(that.redeliveryBackoff)
				&& Objects.equals(this.inactiveThreshold, that.inactiveThreshold)
				&& Objects.equals(this.description, that.description)
				&& Objects.equals(this.pinnedClientGroup, that.pinnedClientGroup) && this.maxBatch == that.maxBatch
				&& Objects.equals(this.maxExpires, that.maxExpires) && this.metadata.equals(that.metadata));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.stream, this.name, this.subjects, this.processingTimeout, this.consumeFrom,
				this.maxDeliveryAttempts, this.maxPendingEvents, this.redeliveryBackoff, this.inactiveThreshold,
				this.description, this.pinnedClientGroup, this.maxBatch, this.maxExpires, this.metadata);
	}

	@Override
	public String toString() {
		return "ConsumerDefinition[stream=" + this.stream + ", name=" + this.name + ", subjects=" + this.subjects
				+ ", processingTimeout=" + this.processingTimeout + ", consumeFrom=" + this.consumeFrom
				+ ", maxDeliveryAttempts=" + this.maxDeliveryAttempts + ", maxPendingEvents=" + this.maxPendingEvents
				+ ", redeliveryBackoff=" + this.redeliveryBackoff + ", inactiveThreshold="
				+ inactiveThreshold().orElse(null) + ", maxBatch=" + this.maxBatch + ", maxExpires=" + this.maxExpires
				+ ", metadata=" + this.metadata + "]";
	}

	/**
	 * Builds a {@link ConsumerDefinition}. Every setting is checked by {@link #build()},
	 * which throws an {@link IllegalArgumentException} naming the consumer, the setting,
	 * the bad value and the rule.
	 */
	public static final class Builder {

		private final String stream;

		private @Nullable String name;

		private final LinkedHashSet<String> subjects = new LinkedHashSet<>();

		private Duration processingTimeout = DEFAULT_PROCESSING_TIMEOUT;

		private StreamPointer consumeFrom = StreamPointer.onlyNew();

		private int maxDeliveryAttempts;

		private int maxPendingEvents = DEFAULT_MAX_PENDING_EVENTS;

		private final List<Duration> redeliveryBackoff = new ArrayList<>();

		private @Nullable Duration inactiveThreshold;

		private @Nullable String description;

		private @Nullable String pinnedClientGroup;

		private int maxBatch;

		private @Nullable Duration maxExpires;

		private final Map<String, String> metadata = new LinkedHashMap<>();

		private Builder(String stream) {
			this.stream = stream;
		}

		/**
		 * The durable name; {@code null} or empty (the default) for an ephemeral
		 * consumer.
		 */
		public Builder name(@Nullable String name) {
			this.name = (name == null || name.isEmpty()) ? null
					: NamingRules.requireValidName("consumer name", name, "stream '" + this.stream + "'");
			return this;
		}

		/**
		 * Adds subjects (filters, wildcards allowed) to consume; none (the default) for
		 * every subject.
		 */
		public Builder subjects(String... subjects) {
			return subjects(Arrays.asList(subjects));
		}

		/**
		 * Adds subjects (filters, wildcards allowed) to consume; none (the default) for
		 * every subject.
		 */
		public Builder subjects(Collection<String> subjects) {
			for (String subject : subjects) {
				this.subjects.add(NamingRules.requireValidSubject("subject", subject, describe()));
			}
			return this;
		}

		/**
		 * How long a handler may take before the event is redelivered; 30 seconds by
		 * default.
		 */
		public Builder processingTimeout(Duration processingTimeout) {
			this.processingTimeout = Objects.requireNonNull(processingTimeout, "processingTimeout must not be null");
			return this;
		}

		/** Where a new consumer starts; {@link StreamPointer#onlyNew()} by default. */
		public Builder consumeFrom(StreamPointer consumeFrom) {
			this.consumeFrom = Objects.requireNonNull(consumeFrom, "consumeFrom must not be null");
			return this;
		}

		/**
		 * How many times an event is delivered at most; zero (the default) for unlimited.
		 */
		public Builder maxDeliveryAttempts(int maxDeliveryAttempts) {
			this.maxDeliveryAttempts = maxDeliveryAttempts;
			return this;
		}

		/** How many events may be unacknowledged at a time; 50 by default. */
		public Builder maxPendingEvents(int maxPendingEvents) {
			this.maxPendingEvents = maxPendingEvents;
			return this;
		}

		/**
		 * Replaces the extra delays before redelivering an event whose processing timed
		 * out: step {@code n} after delivery {@code n}, the last step for every later
		 * one.
		 */
		public Builder redeliveryBackoff(Duration... delays) {
			return redeliveryBackoff(Arrays.asList(delays));
		}

		/**
		 * Replaces the redelivery back-off, see {@link #redeliveryBackoff(Duration...)}.
		 */
		public Builder redeliveryBackoff(Collection<Duration> delays) {
			this.redeliveryBackoff.clear();
			delays.forEach(
					(delay) -> this.redeliveryBackoff.add(Objects.requireNonNull(delay, "delay must not be null")));
			return this;
		}

		/**
		 * How long the server keeps the consumer without subscribers; 1 hour by default
		 * for an ephemeral consumer, for ever for a durable one.
		 */
		public Builder inactiveThreshold(@Nullable Duration inactiveThreshold) {
			this.inactiveThreshold = inactiveThreshold;
			return this;
		}

		/** A description shown by the server's tools. */
		public Builder description(@Nullable String description) {
			this.description = description;
			return this;
		}

		/**
		 * Serves the consumer's pulls to one pinned client at a time (a
		 * {@code pinned_client} priority group, the
		 * {@link ConsumerDefinition#pinTimeout() pin timeout} from the processing
		 * timeout; nats-server 2.11 or later); {@code null} for none.
		 */
		public Builder pinnedClientGroup(@Nullable String group) {
			this.pinnedClientGroup = group;
			return this;
		}

		/**
		 * The most events one pull request may ask for (the server refuses larger ones;
		 * listeners ask for no more); zero (the default) for no limit.
		 */
		public Builder maxBatch(int maxBatch) {
			this.maxBatch = maxBatch;
			return this;
		}

		/**
		 * The longest a pull request may wait (the server refuses longer ones; listeners
		 * wait no longer); {@code null} (the default) for no limit.
		 */
		public Builder maxExpires(@Nullable Duration maxExpires) {
			this.maxExpires = maxExpires;
			return this;
		}

		/** Adds metadata kept with the consumer on the server (nats-server 2.10+). */
		public Builder metadata(Map<String, String> metadata) {
			metadata.forEach((key, value) -> this.metadata.put(Objects.requireNonNull(key, "key must not be null"),
					Objects.requireNonNull(value, "value must not be null")));
			return this;
		}

		/**
		 * Checks the settings and builds the definition.
		 * @return the definition
		 * @throws IllegalArgumentException naming the consumer, the setting, the bad
		 * value and the rule
		 */
		public ConsumerDefinition build() {
			if (this.processingTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
				throw fail("processingTimeout", this.processingTimeout, "must be at least 1 second");
			}
			if (this.maxDeliveryAttempts < 0) {
				throw fail("maxDeliveryAttempts", this.maxDeliveryAttempts, "must be zero (unlimited) or more");
			}
			if (this.maxPendingEvents < 1) {
				throw fail("maxPendingEvents", this.maxPendingEvents, "must be at least 1");
			}
			for (Duration delay : this.redeliveryBackoff) {
				if (delay.isNegative()) {
					throw fail("redeliveryBackoff", this.redeliveryBackoff, "delays must not be negative");
				}
			}
			if (!this.redeliveryBackoff.isEmpty() && this.maxDeliveryAttempts != 0
					&& this.maxDeliveryAttempts <= this.redeliveryBackoff.size()) {
				throw fail("maxDeliveryAttempts", this.maxDeliveryAttempts, "must be greater than the "
						+ this.redeliveryBackoff.size() + " steps of the redelivery back-off, or zero (unlimited)");
			}
			if (this.inactiveThreshold != null && this.inactiveThreshold.compareTo(Duration.ofSeconds(1)) < 0) {
				throw fail("inactiveThreshold", this.inactiveThreshold, "must be at least 1 second");
			}
			if (this.maxBatch < 0) {
				throw fail("maxBatch", this.maxBatch, "must be zero (no limit) or more");
			}
			if (this.maxExpires != null && this.maxExpires.compareTo(Duration.ofSeconds(1)) < 0) {
				throw fail("maxExpires", this.maxExpires,
						"must be at least 1 second (listeners' pull requests wait " + "at least that long)");
			}
			if (this.metadata.keySet().stream().anyMatch((key) -> key.startsWith("_nats"))) {
				throw fail("metadata", this.metadata.keySet(), "keys starting with '_nats' belong to the server");
			}
			return new ConsumerDefinition(this);
		}

		private String describe() {
			return (this.name != null) ? "consumer '" + this.name + "' of stream '" + this.stream + "'"
					: "ephemeral consumer of stream '" + this.stream + "'";
		}

		private IllegalArgumentException fail(String field, Object value, String rule) {
			return new IllegalArgumentException("Invalid " + field + " '" + value + "' of " + describe() + ": " + rule);
		}

	}

}
