package io.windshift.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.windshift.streams.DiscardPolicy;
import io.windshift.streams.RetentionPolicy;
import io.windshift.streams.StorageType;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Streams and consumers declared in configuration ({@code windshift.streams.<name>.*},
 * {@code windshift.consumers.<name>.*}) and how declarations are applied
 * ({@code windshift.admin.*}).
 */
@ConfigurationProperties("windshift")
public class WindshiftDeclarationProperties {

	/**
	 * Streams to create or update at startup, by name.
	 */
	private Map<String, Stream> streams = new LinkedHashMap<>();

	/**
	 * Durable consumers to create or update at startup, by name.
	 */
	private Map<String, Consumer> consumers = new LinkedHashMap<>();

	/**
	 * How declared streams and consumers are applied.
	 */
	private final Admin admin = new Admin();

	public Map<String, Stream> getStreams() {
		return this.streams;
	}

	public void setStreams(Map<String, Stream> streams) {
		this.streams = streams;
	}

	public Map<String, Consumer> getConsumers() {
		return this.consumers;
	}

	public void setConsumers(Map<String, Consumer> consumers) {
		this.consumers = consumers;
	}

	public Admin getAdmin() {
		return this.admin;
	}

	/**
	 * A declared stream.
	 */
	public static class Stream {

		/**
		 * Name of the stream. Defaults to the key of this entry; set it when the name has
		 * characters such as '_' that property keys drop.
		 */
		private @Nullable String name;

		/**
		 * Subjects the stream takes events from; wildcards '*' and '>' allowed.
		 */
		private List<String> subjects = new ArrayList<>();

		/**
		 * Streams whose events this stream copies (an aggregate stream).
		 */
		private List<Source> sources = new ArrayList<>();

		/**
		 * Stream this stream mirrors; a mirror has no subjects or sources of its own.
		 */
		private @Nullable Source mirror;

		/**
		 * How long events are kept, such as 30d. Zero or absent for ever.
		 */
		private @Nullable Duration maxAge;

		/**
		 * Most bytes the stream keeps, such as 1GB. Zero or absent for unlimited.
		 */
		private @Nullable DataSize maxBytes;

		/**
		 * Most events the stream keeps. Zero for unlimited.
		 */
		private long maxEvents;

		/**
		 * Most events kept per subject. Zero for unlimited.
		 */
		private long maxEventsPerSubject;

		/**
		 * Largest event accepted, such as 1MB. Zero or absent for the server's limit.
		 */
		private @Nullable DataSize maxEventSize;

		/**
		 * What happens when a limit is reached: drop the oldest events or refuse new
		 * ones.
		 */
		private DiscardPolicy discardPolicy = DiscardPolicy.OLD;

		/**
		 * Whether a subject that reached max-events-per-subject refuses new events. Needs
		 * discard-policy NEW.
		 */
		private boolean discardNewPerSubject;

		/**
		 * Where events are stored.
		 */
		private StorageType storage = StorageType.FILE;

		/**
		 * How many servers keep a copy, 1 to 5.
		 */
		private int replicas = 1;

		/**
		 * How long idempotency keys are remembered to drop duplicates.
		 */
		private Duration deduplicationWindow = Duration.ofMinutes(2);

		/**
		 * Description shown by the server's tools.
		 */
		private @Nullable String description;

		/**
		 * Whether the stream holds delayed events (needs nats-server 2.12+).
		 */
		private boolean allowScheduledEvents;

		/**
		 * Whether events may carry a time to live (needs nats-server 2.11+).
		 */
		private boolean allowEventTtl;

		/**
		 * Whether events may be published as atomic batches (needs nats-server 2.12+).
		 */
		private boolean allowAtomicPublish;

		/**
		 * When events are removed other than by the limits: LIMITS, INTEREST (once every
		 * consumer acknowledged them) or WORK_QUEUE (once one consumer acknowledged
		 * them). Cannot change once the stream exists.
		 */
		private RetentionPolicy retention = RetentionPolicy.LIMITS;

		/**
		 * Whether stored events are compressed (S2).
		 */
		private boolean compression;

		/**
		 * Where the stream's servers are chosen in a super-cluster.
		 */
		private final Placement placement = new Placement();

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public List<String> getSubjects() {
			return this.subjects;
		}

		public void setSubjects(List<String> subjects) {
			this.subjects = subjects;
		}

		public List<Source> getSources() {
			return this.sources;
		}

		public void setSources(List<Source> sources) {
			this.sources = sources;
		}

		public @Nullable Source getMirror() {
			return this.mirror;
		}

		public void setMirror(@Nullable Source mirror) {
			this.mirror = mirror;
		}

		public @Nullable Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(@Nullable Duration maxAge) {
			this.maxAge = maxAge;
		}

		public @Nullable DataSize getMaxBytes() {
			return this.maxBytes;
		}

		public void setMaxBytes(@Nullable DataSize maxBytes) {
			this.maxBytes = maxBytes;
		}

		public long getMaxEvents() {
			return this.maxEvents;
		}

		public void setMaxEvents(long maxEvents) {
			this.maxEvents = maxEvents;
		}

		public long getMaxEventsPerSubject() {
			return this.maxEventsPerSubject;
		}

		public void setMaxEventsPerSubject(long maxEventsPerSubject) {
			this.maxEventsPerSubject = maxEventsPerSubject;
		}

		public @Nullable DataSize getMaxEventSize() {
			return this.maxEventSize;
		}

		public void setMaxEventSize(@Nullable DataSize maxEventSize) {
			this.maxEventSize = maxEventSize;
		}

		public DiscardPolicy getDiscardPolicy() {
			return this.discardPolicy;
		}

		public void setDiscardPolicy(DiscardPolicy discardPolicy) {
			this.discardPolicy = discardPolicy;
		}

		public boolean isDiscardNewPerSubject() {
			return this.discardNewPerSubject;
		}

		public void setDiscardNewPerSubject(boolean discardNewPerSubject) {
			this.discardNewPerSubject = discardNewPerSubject;
		}

		public StorageType getStorage() {
			return this.storage;
		}

		public void setStorage(StorageType storage) {
			this.storage = storage;
		}

		public int getReplicas() {
			return this.replicas;
		}

		public void setReplicas(int replicas) {
			this.replicas = replicas;
		}

		public Duration getDeduplicationWindow() {
			return this.deduplicationWindow;
		}

		public void setDeduplicationWindow(Duration deduplicationWindow) {
			this.deduplicationWindow = deduplicationWindow;
		}

		public @Nullable String getDescription() {
			return this.description;
		}

		public void setDescription(@Nullable String description) {
			this.description = description;
		}

		public boolean isAllowScheduledEvents() {
			return this.allowScheduledEvents;
		}

		public void setAllowScheduledEvents(boolean allowScheduledEvents) {
			this.allowScheduledEvents = allowScheduledEvents;
		}

		public boolean isAllowEventTtl() {
			return this.allowEventTtl;
		}

		public void setAllowEventTtl(boolean allowEventTtl) {
			this.allowEventTtl = allowEventTtl;
		}

		public boolean isAllowAtomicPublish() {
			return this.allowAtomicPublish;
		}

		public void setAllowAtomicPublish(boolean allowAtomicPublish) {
			this.allowAtomicPublish = allowAtomicPublish;
		}

		public RetentionPolicy getRetention() {
			return this.retention;
		}

		public void setRetention(RetentionPolicy retention) {
			this.retention = retention;
		}

		public boolean isCompression() {
			return this.compression;
		}

		public void setCompression(boolean compression) {
			this.compression = compression;
		}

		public Placement getPlacement() {
			return this.placement;
		}

	}

	/**
	 * Where a stream's servers are chosen.
	 */
	public static class Placement {

		/**
		 * Name of the cluster to place the stream in. Absent for any cluster.
		 */
		private @Nullable String cluster;

		/**
		 * Server tags every server holding the stream must have.
		 */
		private List<String> tags = new ArrayList<>();

		public @Nullable String getCluster() {
			return this.cluster;
		}

		public void setCluster(@Nullable String cluster) {
			this.cluster = cluster;
		}

		public List<String> getTags() {
			return this.tags;
		}

		public void setTags(List<String> tags) {
			this.tags = tags;
		}

	}

	/**
	 * Another stream copied from: a source of an aggregate stream or the origin of a
	 * mirror.
	 */
	public static class Source {

		/**
		 * Name of the stream copied from.
		 */
		private @Nullable String stream;

		/**
		 * First event copied: 'start', 'id:<n>' or 'time:<ISO-8601 instant>'.
		 */
		private String from = "start";

		/**
		 * Copy only events whose subject matches this filter.
		 */
		private @Nullable String filterSubject;

		public @Nullable String getStream() {
			return this.stream;
		}

		public void setStream(@Nullable String stream) {
			this.stream = stream;
		}

		public String getFrom() {
			return this.from;
		}

		public void setFrom(String from) {
			this.from = from;
		}

		public @Nullable String getFilterSubject() {
			return this.filterSubject;
		}

		public void setFilterSubject(@Nullable String filterSubject) {
			this.filterSubject = filterSubject;
		}

	}

	/**
	 * A declared durable consumer.
	 */
	public static class Consumer {

		/**
		 * Name of the consumer. Defaults to the key of this entry; set it when the name
		 * has characters such as '_' that property keys drop.
		 */
		private @Nullable String name;

		/**
		 * Name of the stream consumed.
		 */
		private @Nullable String stream;

		/**
		 * Subjects consumed (filters, wildcards allowed). Empty for every subject of the
		 * stream.
		 */
		private List<String> subjects = new ArrayList<>();

		/**
		 * How long a handler may take before the event is redelivered.
		 */
		private Duration processingTimeout = Duration.ofSeconds(30);

		/**
		 * Where a new consumer starts: 'new', 'start', 'end', 'id:<n>' or 'time:<ISO-8601
		 * instant>'. An existing consumer keeps its position.
		 */
		private String consumeFrom = "new";

		/**
		 * How many times an event is delivered at most. Zero for unlimited.
		 */
		private int maxDeliveryAttempts;

		/**
		 * How many events may be delivered and not yet acknowledged at a time.
		 */
		private int maxPendingEvents = 50;

		/**
		 * Extra delays before redelivering an event whose processing timed out, one per
		 * delivery; the last applies to every later delivery.
		 */
		private List<Duration> redeliveryBackoff = new ArrayList<>();

		/**
		 * How long the server keeps the consumer without subscribers. Absent for ever.
		 */
		private @Nullable Duration inactiveThreshold;

		/**
		 * Description shown by the server's tools.
		 */
		private @Nullable String description;

		/**
		 * Most events one pull request may ask for. Zero for no limit.
		 */
		private int maxBatch;

		/**
		 * Longest a pull request may wait, at least 1s. Absent for no limit.
		 */
		private @Nullable Duration maxExpires;

		/**
		 * Metadata kept with the consumer on the server.
		 */
		private Map<String, String> metadata = new LinkedHashMap<>();

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public @Nullable String getStream() {
			return this.stream;
		}

		public void setStream(@Nullable String stream) {
			this.stream = stream;
		}

		public List<String> getSubjects() {
			return this.subjects;
		}

		public void setSubjects(List<String> subjects) {
			this.subjects = subjects;
		}

		public Duration getProcessingTimeout() {
			return this.processingTimeout;
		}

		public void setProcessingTimeout(Duration processingTimeout) {
			this.processingTimeout = processingTimeout;
		}

		public String getConsumeFrom() {
			return this.consumeFrom;
		}

		public void setConsumeFrom(String consumeFrom) {
			this.consumeFrom = consumeFrom;
		}

		public int getMaxDeliveryAttempts() {
			return this.maxDeliveryAttempts;
		}

		public void setMaxDeliveryAttempts(int maxDeliveryAttempts) {
			this.maxDeliveryAttempts = maxDeliveryAttempts;
		}

		public int getMaxPendingEvents() {
			return this.maxPendingEvents;
		}

		public void setMaxPendingEvents(int maxPendingEvents) {
			this.maxPendingEvents = maxPendingEvents;
		}

		public List<Duration> getRedeliveryBackoff() {
			return this.redeliveryBackoff;
		}

		public void setRedeliveryBackoff(List<Duration> redeliveryBackoff) {
			this.redeliveryBackoff = redeliveryBackoff;
		}

		public @Nullable Duration getInactiveThreshold() {
			return this.inactiveThreshold;
		}

		public void setInactiveThreshold(@Nullable Duration inactiveThreshold) {
			this.inactiveThreshold = inactiveThreshold;
		}

		public @Nullable String getDescription() {
			return this.description;
		}

		public void setDescription(@Nullable String description) {
			this.description = description;
		}

		public int getMaxBatch() {
			return this.maxBatch;
		}

		public void setMaxBatch(int maxBatch) {
			this.maxBatch = maxBatch;
		}

		public @Nullable Duration getMaxExpires() {
			return this.maxExpires;
		}

		public void setMaxExpires(@Nullable Duration maxExpires) {
			this.maxExpires = maxExpires;
		}

		public Map<String, String> getMetadata() {
			return this.metadata;
		}

		public void setMetadata(Map<String, String> metadata) {
			this.metadata = metadata;
		}

	}

	/**
	 * How declared streams and consumers are applied.
	 */
	public static class Admin {

		/**
		 * Whether declared streams and consumers are created or updated at startup.
		 */
		private boolean declareOnStartup = true;

		/**
		 * Whether changes that may delete stored events (a lower limit, a shorter max
		 * age, a removed subject) are applied. Refused by default.
		 */
		private boolean allowDestructiveChanges;

		/**
		 * How long startup declarations are retried while JetStream does not answer (a
		 * cluster still electing its leader, say). Zero to fail at once. Refusals are
		 * never retried.
		 */
		private Duration retryTimeout = Duration.ofSeconds(30);

		public Duration getRetryTimeout() {
			return this.retryTimeout;
		}

		public void setRetryTimeout(Duration retryTimeout) {
			this.retryTimeout = retryTimeout;
		}

		public boolean isDeclareOnStartup() {
			return this.declareOnStartup;
		}

		public void setDeclareOnStartup(boolean declareOnStartup) {
			this.declareOnStartup = declareOnStartup;
		}

		public boolean isAllowDestructiveChanges() {
			return this.allowDestructiveChanges;
		}

		public void setAllowDestructiveChanges(boolean allowDestructiveChanges) {
			this.allowDestructiveChanges = allowDestructiveChanges;
		}

	}

}
