package io.windshift.streams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

import io.nats.client.api.StreamConfiguration;

import org.jspecify.annotations.Nullable;

/**
 * The declaration of a stream: the events it takes (its subjects, the sources it
 * aggregates or the stream it mirrors), its limits and its storage. Immutable; made with
 * {@link #builder(String)} and checked by {@link Builder#build()}. A limit of zero means
 * unlimited. Declared as a bean, it is created or updated when the application context
 * starts. <pre>{@code
 * StreamDefinition.builder("orders").subjects("orders.>").maxAge(Duration.ofDays(30)).build();
 * }</pre>
 */
public final class StreamDefinition {

	/** The default deduplication window: 2 minutes. */
	public static final Duration DEFAULT_DEDUPLICATION_WINDOW = Duration.ofMinutes(2);

	private final String name;

	private final List<String> subjects;

	private final List<StreamSource> sources;

	private final @Nullable StreamSource mirror;

	private final Duration maxAge;

	private final long maxBytes;

	private final long maxEvents;

	private final long maxEventsPerSubject;

	private final long maxEventSize;

	private final DiscardPolicy discardPolicy;

	private final boolean discardNewPerSubject;

	private final StorageType storage;

	private final int replicas;

	private final Duration deduplicationWindow;

	private final @Nullable String description;

	private final boolean allowScheduledEvents;

	private final boolean allowEventTtl;

	private final boolean allowAtomicPublish;

	private final RetentionPolicy retention;

	private final boolean compression;

	private final @Nullable Placement placement;

	private StreamDefinition(Builder builder) {
		this.name = builder.name;
		this.subjects = List.copyOf(builder.subjects);
		this.sources = List.copyOf(builder.sources);
		this.mirror = builder.mirror;
		this.maxAge = builder.maxAge;
		this.maxBytes = builder.maxBytes;
		this.maxEvents = builder.maxEvents;
		this.maxEventsPerSubject = builder.maxEventsPerSubject;
		this.maxEventSize = builder.maxEventSize;
		this.discardPolicy = builder.discardPolicy;
		this.discardNewPerSubject = builder.discardNewPerSubject;
		this.storage = builder.storage;
		this.replicas = builder.replicas;
		this.deduplicationWindow = builder.deduplicationWindow;
		this.description = builder.description;
		this.allowScheduledEvents = builder.allowScheduledEvents;
		this.allowEventTtl = builder.allowEventTtl;
		this.allowAtomicPublish = builder.allowAtomicPublish;
		this.retention = builder.retention;
		this.compression = builder.compression;
		this.placement = builder.placement;
	}

	/**
	 * Starts the declaration of a stream.
	 * @param name the stream name
	 * @return a builder
	 * @throws IllegalArgumentException if the name breaks {@link NamingRules#NAME_RULE}
	 */
	public static Builder builder(String name) {
		return new Builder(NamingRules.requireValidName("stream name", name));
	}

	/** A builder holding every setting of this definition, to derive a changed copy. */
	public Builder toBuilder() {
		Builder builder = new Builder(this.name);
		builder.subjects.addAll(this.subjects);
		builder.sources.addAll(this.sources);
		builder.mirror = this.mirror;
		builder.maxAge = this.maxAge;
		builder.maxBytes = this.maxBytes;
		builder.maxEvents = this.maxEvents;
		builder.maxEventsPerSubject = this.maxEventsPerSubject;
		builder.maxEventSize = this.maxEventSize;
		builder.discardPolicy = this.discardPolicy;
		builder.discardNewPerSubject = this.discardNewPerSubject;
		builder.storage = this.storage;
		builder.replicas = this.replicas;
		builder.deduplicationWindow = this.deduplicationWindow;
		builder.description = this.description;
		builder.allowScheduledEvents = this.allowScheduledEvents;
		builder.allowEventTtl = this.allowEventTtl;
		builder.allowAtomicPublish = this.allowAtomicPublish;
		builder.retention = this.retention;
		builder.compression = this.compression;
		builder.placement = this.placement;
		return builder;
	}

	/** The stream name. */
	public String name() {
		return this.name;
	}

	/**
	 * The subjects the stream takes events from; may be empty for an aggregate or a
	 * mirror.
	 */
	public List<String> subjects() {
		return this.subjects;
	}

	/** The streams this aggregate stream copies events from; empty if none. */
	public List<StreamSource> sources() {
		return this.sources;
	}

	/** The stream this stream mirrors, or {@code null}. */
	public @Nullable StreamSource mirror() {
		return this.mirror;
	}

	/** How long events are kept; zero for ever. */
	public Duration maxAge() {
		return this.maxAge;
	}

	/** The most bytes the stream keeps; zero for unlimited. */
	public long maxBytes() {
		return this.maxBytes;
	}

	/** The most events the stream keeps; zero for unlimited. */
	public long maxEvents() {
		return this.maxEvents;
	}

	/** The most events the stream keeps per subject; zero for unlimited. */
	public long maxEventsPerSubject() {
		return this.maxEventsPerSubject;
	}

	/** The largest event accepted, in bytes; zero for the server's limit. */
	public long maxEventSize() {
		return this.maxEventSize;
	}

	/** What happens when a limit is reached. */
	public DiscardPolicy discardPolicy() {
		return this.discardPolicy;
	}

	/**
	 * Whether {@link DiscardPolicy#NEW} applies per subject once it reaches its max
	 * events.
	 */
	public boolean discardNewPerSubject() {
		return this.discardNewPerSubject;
	}

	/** Where events are stored. */
	public StorageType storage() {
		return this.storage;
	}

	/** How many servers keep a copy (1 to 5). */
	public int replicas() {
		return this.replicas;
	}

	/**
	 * How long idempotency keys are remembered to drop duplicates; zero for the server's
	 * default.
	 */
	public Duration deduplicationWindow() {
		return this.deduplicationWindow;
	}

	/** A description, or {@code null}. */
	public @Nullable String description() {
		return this.description;
	}

	/**
	 * Whether the stream holds delayed events ({@code OutgoingEvent.Builder#deliverAt});
	 * if so, it also takes its {@link ScheduleSubjects schedule subjects}. Needs
	 * nats-server 2.12 or later.
	 */
	public boolean allowScheduledEvents() {
		return this.allowScheduledEvents;
	}

	/**
	 * Whether events may carry a time to live ({@code OutgoingEvent.Builder#ttl}). Needs
	 * nats-server 2.11+.
	 */
	public boolean allowEventTtl() {
		return this.allowEventTtl;
	}

	/**
	 * Whether events may be published as atomic batches. Needs nats-server 2.12 or later.
	 */
	public boolean allowAtomicPublish() {
		return this.allowAtomicPublish;
	}

	/** When events are removed other than by the limits. */
	public RetentionPolicy retention() {
		return this.retention;
	}

	/** Whether stored events are compressed (S2). */
	public boolean compression() {
		return this.compression;
	}

	/**
	 * Where the stream's servers are chosen, or {@code null} for where the server likes.
	 */
	public @Nullable Placement placement() {
		return this.placement;
	}

	/** The streams this one copies from (its sources and its mirror origin). */
	public List<String> origins() {
		List<String> origins = new ArrayList<>();
		this.sources.forEach((source) -> origins.add(source.stream()));
		if (this.mirror != null) {
			origins.add(this.mirror.stream());
		}
		return origins;
	}

	/**
	 * This definition as a jnats {@link StreamConfiguration}; zero limits become -1
	 * (unlimited).
	 */
	public StreamConfiguration toStreamConfiguration() {
		StreamConfiguration.Builder builder = StreamConfiguration.builder()
			.name(this.name)
			.description(this.description)
			.subjects(this.subjects)
			.addSubjects(this.allowScheduledEvents ? List.of(ScheduleSubjects.of(this.name)) : List.of())
			.sources(this.sources.stream().map(StreamSource::toSource).toList())
			.maxAge(this.maxAge)
			.maxBytes(unlimited(this.maxBytes))
			.maxMessages(unlimited(this.maxEvents))
			.maxMessagesPerSubject(unlimited(this.maxEventsPerSubject))
			.maxMsgSize(unlimited(this.maxEventSize))
			.discardPolicy((this.discardPolicy == DiscardPolicy.NEW) ? io.nats.client.api.DiscardPolicy.New
					: io.nats.client.api.DiscardPolicy.Old)
			.discardNewPerSubject(this.discardNewPerSubject)
			.storageType((this.storage == StorageType.MEMORY) ? io.nats.client.api.StorageType.Memory
					: io.nats.client.api.StorageType.File)
			.replicas(this.replicas)
			.duplicateWindow(this.deduplicationWindow);
		if (this.allowScheduledEvents) {
			// the server needs roll-ups for schedules (it replaces a schedule by the next
			// one on its subject)
			builder.allowMessageSchedules(true).allowRollup(true);
		}
		if (this.allowEventTtl) {
			builder.allowMessageTtl(true);
		}
		if (this.allowAtomicPublish) {
			builder.allowAtomicPublish(true);
		}
		if (this.mirror != null) {
			builder.mirror(this.mirror.toMirror());
		}
		builder.retentionPolicy(switch (this.retention) {
			case LIMITS -> io.nats.client.api.RetentionPolicy.Limits;
			case INTEREST -> io.nats.client.api.RetentionPolicy.Interest;
			case WORK_QUEUE -> io.nats.client.api.RetentionPolicy.WorkQueue;
		});
		builder.compressionOption(
				this.compression ? io.nats.client.api.CompressionOption.S2 : io.nats.client.api.CompressionOption.None);
		if (this.placement != null) {
			builder.placement(this.placement.toPlacement());
		}
		return builder.build();
	}

	private static long unlimited(long limit) {
		return (limit == 0) ? -1 : limit;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (this == other) || (other instanceof StreamDefinition that && this.name.equals(that.name)
				&& this.subjects.equals(that.subjects) && this.sources.equals(that.sources)
				&& Objects.equals(this.mirror, that.mirror) && this.maxAge.equals(that.maxAge)
				&& this.maxBytes == that.maxBytes && this.maxEvents == that.maxEvents
				&& this.maxEventsPerSubject == that.maxEventsPerSubject && this.maxEventSize == that.maxEventSize
				&& this.discardPolicy == that.discardPolicy && this.discardNewPerSubject == that.discardNewPerSubject
				&& this.storage == that.storage && this.replicas == that.replicas
				&& this.deduplicationWindow.equals(that.deduplicationWindow)
				&& Objects.equals(this.description, that.description)
				&& this.allowScheduledEvents == that.allowScheduledEvents && this.allowEventTtl == that.allowEventTtl
				&& this.allowAtomicPublish == that.allowAtomicPublish && this.retention == that.retention
				&& this.compression == that.compression && Objects.equals(this.placement, that.placement));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.name, this.subjects, this.sources, this.mirror, this.maxAge, this.maxBytes,
				this.maxEvents, this.maxEventsPerSubject, this.maxEventSize, this.discardPolicy,
				this.discardNewPerSubject, this.storage, this.replicas, this.deduplicationWindow, this.description,
				this.allowScheduledEvents, this.allowEventTtl, this.allowAtomicPublish, this.retention,
				this.compression, this.placement);
	}

	@Override
	public String toString() {
		return "StreamDefinition[name=" + this.name + ", subjects=" + this.subjects + ", sources=" + this.sources
				+ ", mirror=" + this.mirror + ", maxAge=" + this.maxAge + ", maxBytes=" + this.maxBytes + ", maxEvents="
				+ this.maxEvents + ", maxEventsPerSubject=" + this.maxEventsPerSubject + ", maxEventSize="
				+ this.maxEventSize + ", discardPolicy=" + this.discardPolicy + ", discardNewPerSubject="
				+ this.discardNewPerSubject + ", storage=" + this.storage + ", replicas=" + this.replicas
				+ ", deduplicationWindow=" + this.deduplicationWindow + ", allowScheduledEvents="
				+ this.allowScheduledEvents + ", allowEventTtl=" + this.allowEventTtl + ", allowAtomicPublish="
				+ this.allowAtomicPublish + ", retention=" + this.retention + ", compression=" + this.compression
				+ ", placement=" + this.placement + "]";
	}

	/**
	 * Builds a {@link StreamDefinition}. Every setting is checked by {@link #build()},
	 * which throws an {@link IllegalArgumentException} naming the stream, the setting,
	 * the bad value and the rule.
	 */
	public static final class Builder {

		private final String name;

		private final LinkedHashSet<String> subjects = new LinkedHashSet<>();

		private final List<StreamSource> sources = new ArrayList<>();

		private @Nullable StreamSource mirror;

		private Duration maxAge = Duration.ZERO;

		private long maxBytes;

		private long maxEvents;

		private long maxEventsPerSubject;

		private long maxEventSize;

		private DiscardPolicy discardPolicy = DiscardPolicy.OLD;

		private boolean discardNewPerSubject;

		private StorageType storage = StorageType.FILE;

		private int replicas = 1;

		private Duration deduplicationWindow = DEFAULT_DEDUPLICATION_WINDOW;

		private @Nullable String description;

		private boolean allowScheduledEvents;

		private boolean allowEventTtl;

		private boolean allowAtomicPublish;

		private RetentionPolicy retention = RetentionPolicy.LIMITS;

		private boolean compression;

		private @Nullable Placement placement;

		private Builder(String name) {
			this.name = name;
		}

		/** Adds subjects the stream takes events from (wildcards allowed). */
		public Builder subjects(String... subjects) {
			return subjects(Arrays.asList(subjects));
		}

		/** Adds subjects the stream takes events from (wildcards allowed). */
		public Builder subjects(Collection<String> subjects) {
			for (String subject : subjects) {
				this.subjects.add(NamingRules.requireValidSubject("subject", subject, "stream '" + this.name + "'"));
			}
			return this;
		}

		/** Adds streams this stream aggregates: it copies their events. */
		public Builder aggregate(StreamSource... sources) {
			return aggregate(Arrays.asList(sources));
		}

		/** Adds streams this stream aggregates: it copies their events. */
		public Builder aggregate(Collection<StreamSource> sources) {
			sources.forEach((source) -> this.sources.add(Objects.requireNonNull(source, "source must not be null")));
			return this;
		}

		/**
		 * Makes this stream a mirror of another: a read-only copy without subjects of its
		 * own.
		 */
		public Builder mirror(@Nullable StreamSource mirror) {
			this.mirror = mirror;
			return this;
		}

		/** How long events are kept; zero (the default) for ever. */
		public Builder maxAge(@Nullable Duration maxAge) {
			this.maxAge = (maxAge != null) ? maxAge : Duration.ZERO;
			return this;
		}

		/** The most bytes the stream keeps; zero (the default) for unlimited. */
		public Builder maxBytes(long maxBytes) {
			this.maxBytes = maxBytes;
			return this;
		}

		/** The most events the stream keeps; zero (the default) for unlimited. */
		public Builder maxEvents(long maxEvents) {
			this.maxEvents = maxEvents;
			return this;
		}

		/** The most events kept per subject; zero (the default) for unlimited. */
		public Builder maxEventsPerSubject(long maxEventsPerSubject) {
			this.maxEventsPerSubject = maxEventsPerSubject;
			return this;
		}

		/**
		 * The largest event accepted, in bytes; zero (the default) for the server's
		 * limit.
		 */
		public Builder maxEventSize(long maxEventSize) {
			this.maxEventSize = maxEventSize;
			return this;
		}

		/** What happens when a limit is reached; {@link DiscardPolicy#OLD} by default. */
		public Builder discardPolicy(DiscardPolicy discardPolicy) {
			this.discardPolicy = Objects.requireNonNull(discardPolicy, "discardPolicy must not be null");
			return this;
		}

		/**
		 * Whether a subject that reached {@link #maxEventsPerSubject(long)} refuses new
		 * events even if the stream has room. Needs {@link DiscardPolicy#NEW} and a max
		 * events per subject.
		 */
		public Builder discardNewPerSubject(boolean discardNewPerSubject) {
			this.discardNewPerSubject = discardNewPerSubject;
			return this;
		}

		/** Where events are stored; {@link StorageType#FILE} by default. */
		public Builder storage(StorageType storage) {
			this.storage = Objects.requireNonNull(storage, "storage must not be null");
			return this;
		}

		/** How many servers keep a copy, 1 (the default) to 5. */
		public Builder replicas(int replicas) {
			this.replicas = replicas;
			return this;
		}

		/** How long idempotency keys are remembered; 2 minutes by default. */
		public Builder deduplicationWindow(@Nullable Duration deduplicationWindow) {
			this.deduplicationWindow = (deduplicationWindow != null) ? deduplicationWindow
					: DEFAULT_DEDUPLICATION_WINDOW;
			return this;
		}

		/** A description shown by the server's tools. */
		public Builder description(@Nullable String description) {
			this.description = description;
			return this;
		}

		/**
		 * Whether the stream holds delayed events (default {@code false}). The stream
		 * then also takes its schedule subjects ({@link ScheduleSubjects#of(String)}),
		 * which no user subject matches, and allows roll-ups. Needs nats-server 2.12 or
		 * later; not for a mirror, an aggregate or {@link DiscardPolicy#NEW}.
		 */
		public Builder allowScheduledEvents(boolean allowScheduledEvents) {
			this.allowScheduledEvents = allowScheduledEvents;
			return this;
		}

		/**
		 * When events are removed other than by the limits;
		 * {@link RetentionPolicy#LIMITS} by default. Cannot change once the stream
		 * exists.
		 */
		public Builder retention(RetentionPolicy retention) {
			this.retention = Objects.requireNonNull(retention, "retention must not be null");
			return this;
		}

		/**
		 * Whether stored events are compressed (S2, needs nats-server 2.10+); off by
		 * default.
		 */
		public Builder compression(boolean compression) {
			this.compression = compression;
			return this;
		}

		/**
		 * Whether events may carry a time to live after which the server removes them
		 * (default {@code false}). Needs nats-server 2.11 or later; once on, the server
		 * does not turn it off.
		 */
		public Builder allowEventTtl(boolean allowEventTtl) {
			this.allowEventTtl = allowEventTtl;
			return this;
		}

		/**
		 * Whether events may be published as atomic batches, all stored or none (default
		 * {@code false}). Needs nats-server 2.12 or later; not for a mirror.
		 */
		public Builder allowAtomicPublish(boolean allowAtomicPublish) {
			this.allowAtomicPublish = allowAtomicPublish;
			return this;
		}

		/**
		 * Where the stream's servers are chosen in a super-cluster (a cluster, server
		 * tags); {@code null} (the default) for the cluster of the server the application
		 * is connected to.
		 */
		public Builder placement(@Nullable Placement placement) {
			this.placement = placement;
			return this;
		}

		/**
		 * Checks the settings and builds the definition.
		 * @return the definition
		 * @throws IllegalArgumentException naming the stream, the setting, the bad value
		 * and the rule
		 */
		public StreamDefinition build() {
			if (this.mirror != null && (!this.subjects.isEmpty() || !this.sources.isEmpty())) {
				throw fail("mirror", this.mirror, "a mirror has no subjects and no aggregate sources of its own");
			}
			if (this.mirror == null && this.subjects.isEmpty() && this.sources.isEmpty()) {
				throw new IllegalArgumentException(
						"Stream '" + this.name + "' takes no events: declare subjects, aggregate sources or a mirror");
			}
			if ((this.mirror != null && this.mirror.stream().equals(this.name))
					|| this.sources.stream().anyMatch((source) -> source.stream().equals(this.name))) {
				throw fail((this.mirror != null) ? "mirror" : "sources", this.name, "a stream cannot copy from itself");
			}
			if (this.sources.stream().map(StreamSource::stream).distinct().count() != this.sources.size()) {
				throw fail("sources", this.sources, "each source stream may appear only once");
			}
			requireNotNegative("maxAge", this.maxAge);
			requireNotNegative("maxBytes", this.maxBytes);
			requireNotNegative("maxEvents", this.maxEvents);
			requireNotNegative("maxEventsPerSubject", this.maxEventsPerSubject);
			requireNotNegative("maxEventSize", this.maxEventSize);
			if (this.maxEventSize > Integer.MAX_VALUE) {
				throw fail("maxEventSize", this.maxEventSize, "must be at most " + Integer.MAX_VALUE + " bytes");
			}
			if (this.replicas < 1 || this.replicas > 5) {
				throw fail("replicas", this.replicas, "must be between 1 and 5");
			}
			requireNotNegative("deduplicationWindow", this.deduplicationWindow);
			if (!this.maxAge.isZero() && this.deduplicationWindow.compareTo(this.maxAge) > 0) {
				throw fail("deduplicationWindow", this.deduplicationWindow,
						"must not be longer than maxAge (" + this.maxAge + ")");
			}
			if (this.discardNewPerSubject
					&& (this.discardPolicy != DiscardPolicy.NEW || this.maxEventsPerSubject == 0)) {
				throw fail("discardNewPerSubject", true,
						"needs discardPolicy NEW and a maxEventsPerSubject greater than zero");
			}
			checkFeatures();
			return new StreamDefinition(this);
		}

		private void checkFeatures() {
			if (this.allowScheduledEvents && (this.mirror != null || !this.sources.isEmpty())) {
				throw fail("allowScheduledEvents", true, "a mirror or an aggregate cannot hold scheduled events");
			}
			if (this.allowScheduledEvents && this.discardPolicy == DiscardPolicy.NEW) {
				throw fail("allowScheduledEvents", true, "scheduled events cannot be used with discardPolicy NEW");
			}
			if (this.allowScheduledEvents
					&& this.subjects.stream().anyMatch((subject) -> ScheduleSubjects.overlaps(subject, this.name))) {
				throw fail("subjects", this.subjects, "they overlap the schedule subjects '"
						+ ScheduleSubjects.of(this.name) + "' that allowScheduledEvents adds");
			}
			if (this.allowAtomicPublish && this.mirror != null) {
				throw fail("allowAtomicPublish", true, "a mirror cannot take atomic batches");
			}
		}

		private void requireNotNegative(String field, long value) {
			if (value < 0) {
				throw fail(field, value, "must be zero (unlimited) or more");
			}
		}

		private void requireNotNegative(String field, Duration value) {
			if (value.isNegative()) {
				throw fail(field, value, "must be zero or more");
			}
		}

		private IllegalArgumentException fail(String field, Object value, String rule) {
			return new IllegalArgumentException(
					"Invalid " + field + " '" + value + "' of stream '" + this.name + "': " + rule);
		}

	}

}
