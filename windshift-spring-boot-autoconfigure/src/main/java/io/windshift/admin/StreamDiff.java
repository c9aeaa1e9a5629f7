package io.windshift.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.nats.client.api.CompressionOption;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.Placement;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.SourceBase;
import io.nats.client.api.StreamConfiguration;

import org.jspecify.annotations.Nullable;

/**
 * The differences between a stream on the server and its declaration, each classified as
 * safe, destructive (stored events may be deleted) or impossible (the server cannot
 * change it). Only the settings a {@link io.windshift.streams.StreamDefinition} declares
 * are compared; a zero or negative limit means unlimited on both sides.
 */
public final class StreamDiff {

	private static final Duration SERVER_DEFAULT_DUPLICATE_WINDOW = Duration.ofMinutes(2);

	private final String stream;

	private final List<Change> changes;

	private StreamDiff(String stream, List<Change> changes) {
		this.stream = stream;
		this.changes = List.copyOf(changes);
	}

	/**
	 * Compares a stream's configuration on the server with the declared one.
	 * @param current the configuration on the server
	 * @param declared the declared configuration
	 * @return the differences
	 */
	public static StreamDiff between(StreamConfiguration current, StreamConfiguration declared) {
		List<Change> changes = new ArrayList<>();
		subjects(current.getSubjects(), declared.getSubjects(), changes);
		sources(current, declared, changes);
		if (!Objects.equals(origin(current.getMirror()), origin(declared.getMirror()))) {
			changes.add(new Change("mirror", describe(current.getMirror()), describe(declared.getMirror()),
					Change.Kind.IMPOSSIBLE));
		}
		age(current.getMaxAge(), declared.getMaxAge(), changes);
		limit("maxBytes", current.getMaxBytes(), declared.getMaxBytes(), true, changes);
		limit("maxEvents", current.getMaxMsgs(), declared.getMaxMsgs(), true, changes);
		limit("maxEventsPerSubject", current.getMaxMsgsPerSubject(), declared.getMaxMsgsPerSubject(), true, changes);
		limit("maxEventSize", current.getMaxMsgSize(), declared.getMaxMsgSize(), false, changes);
		if (policy(current.getDiscardPolicy()) != policy(declared.getDiscardPolicy())) {
			changes.add(new Change("discardPolicy", policy(current.getDiscardPolicy()).name().toUpperCase(),
					policy(declared.getDiscardPolicy()).name().toUpperCase(), Change.Kind.SAFE));
		}
		if (current.isDiscardNewPerSubject() != declared.isDiscardNewPerSubject()) {
			changes.add(new Change("discardNewPerSubject", Boolean.toString(current.isDiscardNewPerSubject()),
					Boolean.toString(declared.isDiscardNewPerSubject()), Change.Kind.SAFE));
		}
		if (current.getStorageType() != declared.getStorageType()) {
			changes.add(new Change("storage", String.valueOf(current.getStorageType()).toUpperCase(),
					String.valueOf(declared.getStorageType()).toUpperCase(), Change.Kind.IMPOSSIBLE));
		}
		if (Math.max(1, current.getReplicas()) != Math.max(1, declared.getReplicas())) {
			changes.add(new Change("replicas", Integer.toString(current.getReplicas()),
					Integer.toString(declared.getReplicas()), Change.Kind.SAFE));
		}
		Duration currentWindow = window(current.getDuplicateWindow());
		Duration declaredWindow = window(declared.getDuplicateWindow());
		if (!currentWindow.equals(declaredWindow)) {
			changes.add(new Change("deduplicationWindow", Values.duration(currentWindow),
					Values.duration(declaredWindow), Change.Kind.SAFE));
		}
		if (!Objects.equals(blankToNull(current.getDescription()), blankToNull(declared.getDescription()))) {
			changes.add(new Change("description", Values.text(current.getDescription()),
					Values.text(declared.getDescription()), Change.Kind.SAFE));
		}
		RetentionPolicy currentRetention = retention(current.getRetentionPolicy());
		RetentionPolicy declaredRetention = retention(declared.getRetentionPolicy());
		if (currentRetention != declaredRetention) {
			changes
				.add(new Change("retention", name(currentRetention), name(declaredRetention), Change.Kind.IMPOSSIBLE));
		}
		boolean currentCompression = compressed(current.getCompressionOption());
		boolean declaredCompression = compressed(declared.getCompressionOption());
		if (currentCompression != declaredCompression) {
			changes.add(new Change("compression", Boolean.toString(currentCompression),
					Boolean.toString(declaredCompression), Change.Kind.SAFE));
		}
		String currentPlacement = placement(current.getPlacement());
		String declaredPlacement = placement(declared.getPlacement());
		if (!currentPlacement.equals(declaredPlacement)) {
			// the server moves the stream's data to servers that match: nothing is
			// deleted
			changes.add(new Change("placement", currentPlacement, declaredPlacement, Change.Kind.SAFE));
		}
		flag("allowScheduledEvents", current.getAllowMsgSchedules(), declared.getAllowMsgSchedules(), changes);
		flag("allowEventTtl", current.getAllowMessageTtl(), declared.getAllowMessageTtl(), changes);
		flag("allowAtomicPublish", current.getAllowAtomicPublish(), declared.getAllowAtomicPublish(), changes);
		return new StreamDiff(declared.getName(), changes);
	}

	private static void flag(String field, boolean current, boolean declared, List<Change> changes) {
		if (current != declared) {
			// the server turns schedules and TTLs on but never off again
			boolean impossible = current && !field.equals("allowAtomicPublish");
			changes.add(new Change(field, Boolean.toString(current), Boolean.toString(declared),
					impossible ? Change.Kind.IMPOSSIBLE : Change.Kind.SAFE));
		}
	}

	private static RetentionPolicy retention(@Nullable RetentionPolicy policy) {
		return (policy != null) ? policy : RetentionPolicy.Limits;
	}

	private static String name(RetentionPolicy policy) {
		return (policy == RetentionPolicy.WorkQueue) ? "WORK_QUEUE" : policy.name().toUpperCase();
	}

	private static boolean compressed(@Nullable CompressionOption option) {
		return option == CompressionOption.S2;
	}

	private static String placement(@Nullable Placement placement) {
		String cluster = (placement != null) ? blankToNull(placement.getCluster()) : null;
		List<String> tags = (placement != null && placement.getTags() != null) ? placement.getTags() : List.of();
		if (cluster == null && tags.isEmpty()) {
			return "none";
		}
		return ((cluster != null) ? "cluster " + cluster : "any cluster")
				+ (tags.isEmpty() ? "" : " tags " + new java.util.TreeSet<>(tags));
	}

	private static void subjects(@Nullable List<String> current, @Nullable List<String> declared,
			List<Change> changes) {
		Set<String> before = new LinkedHashSet<>((current != null) ? current : List.of());
		Set<String> after = new LinkedHashSet<>((declared != null) ? declared : List.of());
		if (!before.equals(after)) {
			boolean removes = !after.containsAll(before);
			changes.add(new Change("subjects", before.toString(), after.toString(),
					removes ? Change.Kind.DESTRUCTIVE : Change.Kind.SAFE));
		}
	}

	private static void sources(StreamConfiguration current, StreamConfiguration declared, List<Change> changes) {
		Set<List<Object>> before = origins(current.getSources());
		Set<List<Object>> after = origins(declared.getSources());
		if (!before.equals(after)) {
			changes.add(new Change("sources", describe(current.getSources()), describe(declared.getSources()),
					Change.Kind.SAFE));
		}
	}

	private static Set<List<Object>> origins(@Nullable List<? extends SourceBase> sources) {
		Set<List<Object>> result = new LinkedHashSet<>();
		if (sources != null) {
			sources.forEach((source) -> result.add(origin(source)));
		}
		return result;
	}

	private static @Nullable List<Object> origin(@Nullable SourceBase source) {
		if (source == null) {
			return null;
		}
		Instant start = (source.getStartTime() != null) ? source.getStartTime().toInstant() : null;
		return Arrays.asList(source.getName(), Math.max(0, source.getStartSeq()), start,
				blankToNull(source.getFilterSubject()));
	}

	private static String describe(@Nullable List<? extends SourceBase> sources) {
		return (sources == null) ? "[]" : sources.stream().map(StreamDiff::describe).toList().toString();
	}

	private static String describe(@Nullable SourceBase source) {
		if (source == null) {
			return "none";
		}
		String from = (source.getStartSeq() > 0) ? "id:" + source.getStartSeq()
				: (source.getStartTime() != null) ? "time:" + source.getStartTime().toInstant() : "start";
		String filter = blankToNull(source.getFilterSubject());
		return source.getName() + " from " + from + ((filter != null) ? " filter " + filter : "");
	}

	private static void age(@Nullable Duration current, @Nullable Duration declared, List<Change> changes) {
		Duration before = (current == null || current.isNegative()) ? Duration.ZERO : current;
		Duration after = (declared == null || declared.isNegative()) ? Duration.ZERO : declared;
		if (!before.equals(after)) {
			boolean shrinks = !after.isZero() && (before.isZero() || after.compareTo(before) < 0);
			changes.add(new Change("maxAge", Values.age(before), Values.age(after),
					shrinks ? Change.Kind.DESTRUCTIVE : Change.Kind.SAFE));
		}
	}

	private static void limit(String field, long current, long declared, boolean deletesWhenLowered,
			List<Change> changes) {
		long before = Math.max(0, current);
		long after = Math.max(0, declared);
		if (before != after) {
			boolean shrinks = after != 0 && (before == 0 || after < before);
			changes.add(new Change(field, Values.limit(before), Values.limit(after),
					(shrinks && deletesWhenLowered) ? Change.Kind.DESTRUCTIVE : Change.Kind.SAFE));
		}
	}

	private static DiscardPolicy policy(@Nullable DiscardPolicy policy) {
		return (policy != null) ? policy : DiscardPolicy.Old;
	}

	private static Duration window(@Nullable Duration window) {
		return (window == null || window.isZero() || window.isNegative()) ? SERVER_DEFAULT_DUPLICATE_WINDOW : window;
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

	/** The stream compared. */
	public String stream() {
		return this.stream;
	}

	/** Every difference. */
	public List<Change> changes() {
		return this.changes;
	}

	/** Whether the server already matches the declaration. */
	public boolean isEmpty() {
		return this.changes.isEmpty();
	}

	/** The differences of the given kind. */
	public List<Change> changes(Change.Kind kind) {
		return this.changes.stream().filter((change) -> change.kind() == kind).toList();
	}

	/**
	 * Throws if the declaration cannot be applied: if the server cannot make a change, or
	 * if a change would delete stored events and destructive changes are not allowed.
	 * @param allowDestructiveChanges whether changes that may delete stored events are
	 * allowed
	 * @throws DeclarationException naming the stream, each field, its current and its
	 * declared value
	 */
	public void requireApplicable(boolean allowDestructiveChanges) {
		List<Change> impossible = changes(Change.Kind.IMPOSSIBLE);
		if (!impossible.isEmpty()) {
			throw new DeclarationException("Cannot update stream '" + this.stream + "': the server cannot change "
					+ join(impossible) + " of an existing stream. Delete and recreate the stream (its events are "
					+ "lost) or declare the current value");
		}
		List<Change> destructive = changes(Change.Kind.DESTRUCTIVE);
		if (!destructive.isEmpty() && !allowDestructiveChanges) {
			throw new DestructiveChangeException("Refusing to update stream '" + this.stream + "': changing "
					+ join(destructive) + " may delete stored events. Set "
					+ WindshiftAdmin.ALLOW_DESTRUCTIVE_CHANGES_PROPERTY + "=true to allow it", destructive);
		}
	}

	static String join(List<Change> changes) {
		return String.join(", ", changes.stream().map(Change::toString).toList());
	}

	@Override
	public String toString() {
		return "StreamDiff[" + this.stream + ": " + this.changes + "]";
	}

}
