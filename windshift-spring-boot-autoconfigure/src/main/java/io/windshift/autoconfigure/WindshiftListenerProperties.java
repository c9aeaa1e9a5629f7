package io.windshift.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.windshift.listener.AckMode;
import io.windshift.listener.StartupFailurePolicy;
import io.windshift.streams.StorageType;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Defaults of {@code @WindshiftListener} methods and their containers
 * ({@code windshift.listener.*}).
 */
@ConfigurationProperties("windshift.listener")
public class WindshiftListenerProperties {

	/**
	 * Whether listener containers start with the application.
	 */
	private boolean autoStartup = true;

	/**
	 * Number of events a listener handles in parallel.
	 */
	private int concurrency = 1;

	/**
	 * Who settles events: AUTO (returning acknowledges, an exception rejects) or MANUAL
	 * (the method does).
	 */
	private AckMode ackMode = AckMode.AUTO;

	/**
	 * How long an event may be handled before it is redelivered, for consumers created by
	 * listeners.
	 */
	private Duration processingTimeout = Duration.ofSeconds(30);

	/**
	 * How often an event is delivered at most, for consumers created by listeners; 0 (or
	 * less) for unlimited.
	 */
	private int maxDeliveryAttempts = 5;

	/**
	 * How many events may be delivered and not yet settled at once, for consumers created
	 * by listeners.
	 */
	private int maxPendingEvents = 50;

	/**
	 * Where consumers created by listeners start: new, start, end, id:<n> or
	 * time:<ISO-8601 instant>.
	 */
	private String consumeFrom = "new";

	/**
	 * Subject that failed and poison events are republished to before they are
	 * terminated; by default 'windshift.dlq.<stream>.<consumer>' (the listener id for an
	 * ephemeral consumer) while dead letters are enabled.
	 */
	private @Nullable String deadLetterSubject;

	/**
	 * Most events a listener holds at once: fetched ahead of its workers, being handled,
	 * or requested from the server. It also stays within the consumer's max pending
	 * events, and shrinks with slow handlers so that every fetched event starts within
	 * half the processing timeout (fetched events are pinged while they wait, and
	 * rejected for immediate redelivery when the listener stops before handling them).
	 */
	private int maxPrefetch = 500;

	/**
	 * Whether acknowledgements, rejections and pings wait for the server's confirmation.
	 * When false (the default) they are fire-and-forget, as in jnats' ack(): sent once
	 * and retried (per the call options) only when they cannot be sent, e.g. while the
	 * connection is closed; an acknowledgement the server never receives means the event
	 * is redelivered after the processing timeout (handled twice, never lost). When true
	 * each one is a request the server answers, as in jnats' ackSync(), retried until it
	 * is confirmed or the retries run out: slower, but a returned ack() is known to be
	 * stored, which idempotent handlers that need exactly-once processing rely on.
	 * Dead-lettering always confirms the republish and then the terminate, whatever this
	 * says.
	 */
	private boolean confirmAcks;

	/**
	 * How long stopping a listener waits for events being handled.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(30);

	/**
	 * Fixed interval between automatic pings of an event being handled. By default a
	 * fraction of the consumer's processing timeout (see ping-fraction).
	 */
	private @Nullable Duration pingInterval;

	/**
	 * Fraction of the processing timeout between automatic pings, when ping-interval is
	 * not set.
	 */
	private double pingFraction = 0.3;

	/**
	 * How long one fetch (a batch request) waits for events; bounds how fast pausing and
	 * stopping take effect.
	 */
	private Duration pollTimeout = Duration.ofSeconds(2);

	/**
	 * How often a listener checks that its consumer still exists (it is recreated if
	 * not).
	 */
	private Duration consumerCheckInterval = Duration.ofSeconds(5);

	/**
	 * How long the server keeps an ephemeral consumer without subscribers.
	 */
	private Duration ephemeralInactiveThreshold = Duration.ofHours(1);

	/**
	 * What happens when a listener container cannot start with the application: fail the
	 * startup, retry in the background with a growing delay, or continue without the
	 * listener.
	 */
	private StartupFailurePolicy startupFailure = StartupFailurePolicy.FAIL;

	/**
	 * How long a running listener may go without an event before a
	 * ListenerContainerIdleEvent is published (and again after each further interval).
	 * Not set: no idle events.
	 */
	private @Nullable Duration idleEventInterval;

	/**
	 * The default reject policy: what happens to an event whose listener method threw.
	 */
	private final Reject reject = new Reject();

	/**
	 * Dead letters: where given-up events go when a listener has no dead-letter subject.
	 */
	private final DeadLetters deadLetters = new DeadLetters();

	/**
	 * Most events a batch listener (one taking a List) gets in one call.
	 */
	private int maxBatchSize = 100;

	/**
	 * How long a batch listener waits for more events once one has arrived, before it is
	 * called with fewer than max-batch-size.
	 */
	private Duration maxBatchWait = Duration.ofMillis(100);

	/**
	 * Most bytes of event data a listener holds fetched ahead of its workers or requested
	 * from the server (max_bytes of its pull requests), so that a backlog of large events
	 * fits in the heap. A single event larger than this is still fetched, alone.
	 */
	private DataSize maxPrefetchBytes = DataSize.ofMegabytes(64);

	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	public void setAutoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	public int getConcurrency() {
		return this.concurrency;
	}

	public void setConcurrency(int concurrency) {
		this.concurrency = concurrency;
	}

	public AckMode getAckMode() {
		return this.ackMode;
	}

	public void setAckMode(AckMode ackMode) {
		this.ackMode = ackMode;
	}

	public Duration getProcessingTimeout() {
		return this.processingTimeout;
	}

	public void setProcessingTimeout(Duration processingTimeout) {
		this.processingTimeout = processingTimeout;
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

	public String getConsumeFrom() {
		return this.consumeFrom;
	}

	public void setConsumeFrom(String consumeFrom) {
		this.consumeFrom = consumeFrom;
	}

	public @Nullable String getDeadLetterSubject() {
		return this.deadLetterSubject;
	}

	public void setDeadLetterSubject(@Nullable String deadLetterSubject) {
		this.deadLetterSubject = deadLetterSubject;
	}

	public int getMaxPrefetch() {
		return this.maxPrefetch;
	}

	public void setMaxPrefetch(int maxPrefetch) {
		this.maxPrefetch = maxPrefetch;
	}

	public boolean isConfirmAcks() {
		return this.confirmAcks;
	}

	public void setConfirmAcks(boolean confirmAcks) {
		this.confirmAcks = confirmAcks;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public @Nullable Duration getPingInterval() {
		return this.pingInterval;
	}

	public void setPingInterval(@Nullable Duration pingInterval) {
		this.pingInterval = pingInterval;
	}

	public double getPingFraction() {
		return this.pingFraction;
	}

	public void setPingFraction(double pingFraction) {
		this.pingFraction = pingFraction;
	}

	public Duration getPollTimeout() {
		return this.pollTimeout;
	}

	public void setPollTimeout(Duration pollTimeout) {
		this.pollTimeout = pollTimeout;
	}

	public Duration getConsumerCheckInterval() {
		return this.consumerCheckInterval;
	}

	public void setConsumerCheckInterval(Duration consumerCheckInterval) {
		this.consumerCheckInterval = consumerCheckInterval;
	}

	public Duration getEphemeralInactiveThreshold() {
		return this.ephemeralInactiveThreshold;
	}

	public void setEphemeralInactiveThreshold(Duration ephemeralInactiveThreshold) {
		this.ephemeralInactiveThreshold = ephemeralInactiveThreshold;
	}

	public StartupFailurePolicy getStartupFailure() {
		return this.startupFailure;
	}

	public void setStartupFailure(StartupFailurePolicy startupFailure) {
		this.startupFailure = startupFailure;
	}

	public @Nullable Duration getIdleEventInterval() {
		return this.idleEventInterval;
	}

	public void setIdleEventInterval(@Nullable Duration idleEventInterval) {
		this.idleEventInterval = idleEventInterval;
	}

	public DataSize getMaxPrefetchBytes() {
		return this.maxPrefetchBytes;
	}

	public void setMaxPrefetchBytes(DataSize maxPrefetchBytes) {
		this.maxPrefetchBytes = maxPrefetchBytes;
	}

	public Reject getReject() {
		return this.reject;
	}

	public DeadLetters getDeadLetters() {
		return this.deadLetters;
	}

	public int getMaxBatchSize() {
		return this.maxBatchSize;
	}

	public void setMaxBatchSize(int maxBatchSize) {
		this.maxBatchSize = maxBatchSize;
	}

	public Duration getMaxBatchWait() {
		return this.maxBatchWait;
	}

	public void setMaxBatchWait(Duration maxBatchWait) {
		this.maxBatchWait = maxBatchWait;
	}

	/**
	 * The default reject policy.
	 */
	public static class Reject implements ExponentialDelaysProperties {

		/**
		 * Redelivery delay after the first failed attempt.
		 */
		private Duration initialDelay = Duration.ofSeconds(1);

		/**
		 * Factor by which the redelivery delay grows with each attempt.
		 */
		private double multiplier = 2;

		/**
		 * Longest redelivery delay.
		 */
		private Duration maxDelay = Duration.ofMinutes(1);

		/**
		 * Exception types (and their subtypes, anywhere in the cause chain) that are
		 * never retried: the event is dead-lettered or terminated at once. Decoding
		 * failures always are.
		 */
		private List<Class<? extends Throwable>> permanentExceptions = new ArrayList<>();

		public Duration getInitialDelay() {
			return this.initialDelay;
		}

		public void setInitialDelay(Duration initialDelay) {
			this.initialDelay = initialDelay;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

		public List<Class<? extends Throwable>> getPermanentExceptions() {
			return this.permanentExceptions;
		}

		public void setPermanentExceptions(List<Class<? extends Throwable>> permanentExceptions) {
			this.permanentExceptions = permanentExceptions;
		}

	}

	/**
	 * Dead letters by default: the stream 'windshift-dead-letters' (subjects
	 * 'windshift.dlq.>') and its limits.
	 */
	public static class DeadLetters {

		/**
		 * Whether a failed, exhausted, poison or unhandled event of a listener without a
		 * dead-letter subject is republished to 'windshift.dlq.<stream>.<consumer>'. When
		 * disabled, such events are terminated: lost.
		 */
		private boolean enabled = true;

		/**
		 * How long dead letters are kept.
		 */
		private Duration maxAge = Duration.ofDays(14);

		/**
		 * Most bytes the dead-letter stream holds (the oldest dead letters go first);
		 * unlimited by default.
		 */
		private @Nullable DataSize maxBytes;

		/**
		 * Replicas of the dead-letter stream.
		 */
		private int replicas = 1;

		/**
		 * Where the dead-letter stream keeps its events.
		 */
		private StorageType storage = StorageType.FILE;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

		public @Nullable DataSize getMaxBytes() {
			return this.maxBytes;
		}

		public void setMaxBytes(@Nullable DataSize maxBytes) {
			this.maxBytes = maxBytes;
		}

		public int getReplicas() {
			return this.replicas;
		}

		public void setReplicas(int replicas) {
			this.replicas = replicas;
		}

		public StorageType getStorage() {
			return this.storage;
		}

		public void setStorage(StorageType storage) {
			this.storage = storage;
		}

	}

}
