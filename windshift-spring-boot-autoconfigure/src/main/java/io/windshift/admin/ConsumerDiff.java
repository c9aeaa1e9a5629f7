package io.windshift.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.PriorityPolicy;

import org.jspecify.annotations.Nullable;

/**
 * The differences between a durable consumer on the server and its declaration. Every
 * setting a {@link io.windshift.consumers.ConsumerDefinition} declares can be updated
 * except where the consumer starts: the position of an existing consumer is
 * {@link Change.Kind#KEPT kept}. A consumer that is not a pull consumer with explicit
 * acks cannot be turned into one. A declared pinned-client group (an ordered listener's)
 * is added to a consumer that lacks it; one the declaration does not name is left alone.
 */
public final class ConsumerDiff {

	private final String stream;

	private final String consumer;

	private final List<Change> changes;

	private ConsumerDiff(String stream, String consumer, List<Change> changes) {
		this.stream = stream;
		this.consumer = consumer;
		this.changes = List.copyOf(changes);
	}

	/**
	 * Compares a consumer's configuration on the server with the declared one.
	 * @param stream the stream of the consumer
	 * @param current the configuration on the server
	 * @param declared the declared configuration
	 * @return the differences
	 */
	public static ConsumerDiff between(String stream, ConsumerConfiguration current, ConsumerConfiguration declared) {
		List<Change> changes = new ArrayList<>();
		String name = (declared.getDurable() != null) ? declared.getDurable() : String.valueOf(declared.getName());
		if (current.getDeliverSubject() != null && !current.getDeliverSubject().isEmpty()) {
			changes.add(new Change("type", "push consumer", "pull consumer", Change.Kind.IMPOSSIBLE));
		}
		if (current.getAckPolicy() != AckPolicy.Explicit) {
			changes.add(new Change("ackPolicy", String.valueOf(current.getAckPolicy()), "explicit",
					Change.Kind.IMPOSSIBLE));
		}
		List<Duration> currentBackoff = list(current.getBackoff());
		List<Duration> declaredBackoff = list(declared.getBackoff());
		Duration currentWait = ackWait(current);
		Duration declaredWait = ackWait(declared);
		if (!Objects.equals(currentWait, declaredWait)) {
			changes.add(new Change("processingTimeout", Values.duration(currentWait), Values.duration(declaredWait),
					Change.Kind.SAFE));
		}
		if (!currentBackoff.equals(declaredBackoff)) {
			changes.add(new Change("redeliveryBackoff", Values.durations(currentBackoff),
					Values.durations(declaredBackoff), Change.Kind.SAFE));
		}
		if (Math.max(0, current.getMaxDeliver()) != Math.max(0, declared.getMaxDeliver())) {
			changes.add(new Change("maxDeliveryAttempts", Values.limit(current.getMaxDeliver()),
					Values.limit(declared.getMaxDeliver()), Change.Kind.SAFE));
		}
		if (current.getMaxAckPending() != declared.getMaxAckPending()) {
			changes.add(new Change("maxPendingEvents", Values.limit(current.getMaxAckPending()),
					Values.limit(declared.getMaxAckPending()), Change.Kind.SAFE));
		}
		LinkedHashSet<String> currentSubjects = new LinkedHashSet<>(list(current.getFilterSubjects()));
		LinkedHashSet<String> declaredSubjects = new LinkedHashSet<>(list(declared.getFilterSubjects()));
		if (!currentSubjects.equals(declaredSubjects)) {
			changes
				.add(new Change("subjects", currentSubjects.toString(), declaredSubjects.toString(), Change.Kind.SAFE));
		}
		Duration currentThreshold = threshold(current.getInactiveThreshold());
		Duration declaredThreshold = threshold(declared.getInactiveThreshold());
		if (!Objects.equals(currentThreshold, declaredThreshold)) {
			changes.add(new Change("inactiveThreshold", Values.duration(currentThreshold),
					Values.duration(declaredThreshold), Change.Kind.SAFE));
		}
		if (!Objects.equals(blankToNull(current.getDescription()), blankToNull(declared.getDescription()))) {
			changes.add(new Change("description", Values.text(current.getDescription()),
					Values.text(declared.getDescription()), Change.Kind.SAFE));
		}
		if (Math.max(0, current.getMaxBatch()) != Math.max(0, declared.getMaxBatch())) {
			changes.add(new Change("maxBatch", Values.limit(current.getMaxBatch()),
					Values.limit(declared.getMaxBatch()), Change.Kind.SAFE));
		}
		Duration currentExpires = threshold(current.getMaxExpires());
		Duration declaredExpires = threshold(declared.getMaxExpires());
		if (!Objects.equals(currentExpires, declaredExpires)) {
			changes.add(new Change("maxExpires", Values.duration(currentExpires), Values.duration(declaredExpires),
					Change.Kind.SAFE));
		}
		// the server adds metadata of its own (_nats.*): only the declared keys are
		// compared
		java.util.Map<String, String> currentMetadata = (current.getMetadata() != null) ? current.getMetadata()
				: java.util.Map.of();
		java.util.Map<String, String> declaredMetadata = (declared.getMetadata() != null) ? declared.getMetadata()
				: java.util.Map.of();
		if (declaredMetadata.entrySet()
			.stream()
			.anyMatch((entry) -> !entry.getValue().equals(currentMetadata.get(entry.getKey())))) {
			changes
				.add(new Change("metadata", currentMetadata.toString(), declaredMetadata.toString(), Change.Kind.SAFE));
		}
		// a pinned-client group (an ordered listener's) is added or changed; one the
		// declaration does not name is left alone (a consumer declared elsewhere and read
		// by an ordered listener is declared without it)
		String declaredPriority = priority(declared);
		String currentPriority = priority(current);
		if (!declaredPriority.equals("none") && !declaredPriority.equals(currentPriority)) {
			changes.add(new Change("pinnedClientGroup", currentPriority, declaredPriority, Change.Kind.SAFE));
		}
		String currentStart = start(current);
		String declaredStart = start(declared);
		if (!currentStart.equals(declaredStart)) {
			changes.add(new Change("consumeFrom", currentStart, declaredStart, Change.Kind.KEPT));
		}
		return new ConsumerDiff(stream, name, changes);
	}

	/**
	 * The time the server allows for the first delivery: with a back-off, the server
	 * takes its first step as the ack wait.
	 */
	private static @Nullable Duration ackWait(ConsumerConfiguration config) {
		List<Duration> backoff = list(config.getBackoff());
		return backoff.isEmpty() ? config.getAckWait() : backoff.get(0);
	}

	/** The priority groups of a consumer and how the server serves them. */
	private static String priority(ConsumerConfiguration config) {
		PriorityPolicy policy = config.getPriorityPolicy();
		if (policy == null || policy == PriorityPolicy.None) {
			return "none";
		}
		String groups = String.join(",", list(config.getPriorityGroups()));
		return (policy == PriorityPolicy.PinnedClient)
				? groups + " (pin timeout " + Values.duration(threshold(config.getPriorityTimeout())) + ")"
				: groups + " (" + policy + ")";
	}

	private static <T> List<T> list(@Nullable List<T> values) {
		return (values != null) ? values : List.of();
	}

	private static @Nullable Duration threshold(@Nullable Duration value) {
		return (value == null || value.isZero() || value.isNegative()) ? null : value;
	}

	private static String start(ConsumerConfiguration config) {
		DeliverPolicy policy = (config.getDeliverPolicy() != null) ? config.getDeliverPolicy() : DeliverPolicy.All;
		return switch (policy) {
			case New -> "new";
			case All -> "start";
			case Last -> "end";
			case ByStartSequence -> "id:" + config.getStartSequence();
			case ByStartTime ->
				"time:" + ((config.getStartTime() != null) ? config.getStartTime().toInstant() : Instant.EPOCH);
			case LastPerSubject -> "last-per-subject";
		};
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

	/** The stream of the consumer compared. */
	public String stream() {
		return this.stream;
	}

	/** The consumer compared. */
	public String consumer() {
		return this.consumer;
	}

	/** Every difference, including those {@link Change.Kind#KEPT kept}. */
	public List<Change> changes() {
		return this.changes;
	}

	/** The differences of the given kind. */
	public List<Change> changes(Change.Kind kind) {
		return this.changes.stream().filter((change) -> change.kind() == kind).toList();
	}

	/**
	 * Whether an update is needed: some difference is not {@link Change.Kind#KEPT kept}.
	 */
	public boolean needsUpdate() {
		return this.changes.stream().anyMatch((change) -> change.kind() != Change.Kind.KEPT);
	}

	/**
	 * Throws if the server cannot apply the declaration.
	 * @throws DeclarationException naming the stream, the consumer, each field, its
	 * current and declared value
	 */
	public void requireApplicable() {
		List<Change> impossible = changes(Change.Kind.IMPOSSIBLE);
		if (!impossible.isEmpty()) {
			throw new DeclarationException("Cannot update consumer '" + this.consumer + "' of stream '" + this.stream
					+ "': the server cannot change " + StreamDiff.join(impossible)
					+ " of an existing consumer. Delete the consumer or declare another name");
		}
	}

	@Override
	public String toString() {
		return "ConsumerDiff[" + this.stream + "/" + this.consumer + ": " + this.changes + "]";
	}

}
