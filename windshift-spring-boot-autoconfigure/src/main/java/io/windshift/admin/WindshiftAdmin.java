package io.windshift.admin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.windshift.consumers.ConsumerDefinition;
import io.windshift.streams.Placement;
import io.windshift.streams.ScheduleSubjects;
import io.windshift.streams.StreamDefinition;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Makes the server match declared streams and consumers, and reads them back. Creating
 * races with another application instance are settled by comparing with what the other
 * created. Changes that may delete stored events are refused unless allowed
 * ({@value #ALLOW_DESTRUCTIVE_CHANGES_PROPERTY}); changes the server cannot make fail
 * with a message naming the stream, the field and both values.
 */
public class WindshiftAdmin {

	/** The property that allows changes which may delete stored events. */
	public static final String ALLOW_DESTRUCTIVE_CHANGES_PROPERTY = "windshift.admin.allow-destructive-changes";

	private static final Log logger = LogFactory.getLog(WindshiftAdmin.class);

	private static final int ATTEMPTS = 3;

	private final Connection connection;

	private final boolean allowDestructiveChanges;

	private final JetStreamOptions jetStreamOptions;

	/**
	 * An admin that refuses destructive changes.
	 * @param connection the connection to use
	 */
	public WindshiftAdmin(Connection connection) {
		this(connection, false);
	}

	/**
	 * An admin.
	 * @param connection the connection to use
	 * @param allowDestructiveChanges whether changes that may delete stored events are
	 * applied
	 */
	public WindshiftAdmin(Connection connection, boolean allowDestructiveChanges) {
		this(connection, allowDestructiveChanges, JetStreamOptions.DEFAULT_JS_OPTIONS);
	}

	/**
	 * An admin of the JetStream of a domain or API prefix.
	 * @param connection the connection to use
	 * @param allowDestructiveChanges whether changes that may delete stored events are
	 * applied
	 * @param jetStreamOptions which JetStream (domain, API prefix) to manage
	 */
	public WindshiftAdmin(Connection connection, boolean allowDestructiveChanges, JetStreamOptions jetStreamOptions) {
		this.connection = Objects.requireNonNull(connection, "connection must not be null");
		this.allowDestructiveChanges = allowDestructiveChanges;
		this.jetStreamOptions = Objects.requireNonNull(jetStreamOptions, "jetStreamOptions must not be null");
	}

	/** Which JetStream (domain, API prefix) this admin manages. */
	public JetStreamOptions getJetStreamOptions() {
		return this.jetStreamOptions;
	}

	/** Whether changes that may delete stored events are applied. */
	public boolean isAllowDestructiveChanges() {
		return this.allowDestructiveChanges;
	}

	/**
	 * Creates the stream if absent, updates it if it differs from the definition.
	 * @param definition the declared stream
	 * @return the stream as the server has it afterwards
	 * @throws DestructiveChangeException if a change may delete stored events and that is
	 * not allowed
	 * @throws SubjectConflictException if a subject is bound to another stream
	 * @throws DeclarationException if the server cannot apply the definition
	 */
	public StreamInfo ensureStream(StreamDefinition definition) {
		StreamConfiguration declared = definition.toStreamConfiguration();
		String name = definition.name();
		for (int attempt = 1;; attempt++) {
			Optional<StreamInfo> current = streamInfo(name);
			if (current.isEmpty()) {
				try {
					StreamInfo created = jsm().addStream(declared);
					logger.info("Created stream '" + name + "'");
					return created;
				}
				catch (JetStreamApiException ex) {
					if (JetStreamErrors.is(ex, JetStreamErrors.STREAM_NAME_IN_USE) && attempt < ATTEMPTS) {
						continue; // created a moment ago by another instance: compare
									// with it
					}
					throw streamFailure("Cannot create stream '" + name + "'", definition, ex);
				}
				catch (IOException ex) {
					throw ioFailure("Cannot create stream '" + name + "'", ex);
				}
			}
			StreamDiff diff = StreamDiff.between(current.get().getConfiguration(), declared);
			if (diff.isEmpty()) {
				return current.get();
			}
			diff.requireApplicable(this.allowDestructiveChanges);
			try {
				StreamInfo updated = jsm().updateStream(merge(current.get().getConfiguration(), declared));
				logger.info("Updated stream '" + name + "': " + StreamDiff.join(diff.changes()));
				return updated;
			}
			catch (JetStreamApiException ex) {
				throw streamFailure("Cannot update stream '" + name + "' (" + StreamDiff.join(diff.changes()) + ")",
						definition, ex);
			}
			catch (IOException ex) {
				throw ioFailure("Cannot update stream '" + name + "'", ex);
			}
		}
	}

	/**
	 * The server's configuration with every declared setting replaced, others
	 * (metadata...) kept.
	 */
	private static StreamConfiguration merge(StreamConfiguration current, StreamConfiguration declared) {
		StreamConfiguration.Builder builder = StreamConfiguration.builder(current)
			.description(declared.getDescription())
			.subjects(declared.getSubjects())
			.sources(declared.getSources())
			.maxAge(declared.getMaxAge())
			.maxBytes(declared.getMaxBytes())
			.maxMessages(declared.getMaxMsgs())
			.maxMessagesPerSubject(declared.getMaxMsgsPerSubject())
			.maxMsgSize(declared.getMaxMsgSize())
			.discardPolicy(declared.getDiscardPolicy())
			.discardNewPerSubject(declared.isDiscardNewPerSubject())
			.replicas(declared.getReplicas())
			.duplicateWindow(declared.getDuplicateWindow())
			.retentionPolicy(declared.getRetentionPolicy())
			.compressionOption(declared.getCompressionOption())
			.placement(declared.getPlacement());
		return builder.build();
	}

	private DeclarationException streamFailure(String action, StreamDefinition definition, JetStreamApiException ex) {
		Placement placement = definition.placement();
		if (placement != null && (JetStreamErrors.is(ex, JetStreamErrors.NO_SUITABLE_PEERS)
				|| JetStreamErrors.is(ex, JetStreamErrors.INSUFFICIENT_RESOURCES))) {
			return new DeclarationException(action + ": no " + definition.replicas()
					+ " server(s) with JetStream satisfy its placement (" + placement + "): " + ex.getErrorDescription()
					+ ". Check the cluster name (the servers' cluster { name }) and their server_tags", ex);
		}
		if (JetStreamErrors.is(ex, JetStreamErrors.SUBJECTS_OVERLAP)) {
			SubjectConflictException conflict = subjectConflict(action, definition);
			if (conflict != null) {
				return conflict;
			}
		}
		return JetStreamErrors.translate(action, ex);
	}

	private @Nullable SubjectConflictException subjectConflict(String action, StreamDefinition definition) {
		try {
			for (String subject : definition.subjects()) {
				for (String other : jsm().getStreamNames(subject)) {
					if (!other.equals(definition.name())) {
						return new SubjectConflictException(action + ": subject '" + subject
								+ "' is already bound to stream '" + other + "'. A subject can belong to one stream "
								+ "only: remove it from one of '" + definition.name() + "' and '" + other + "'",
								definition.name(), other);
					}
				}
			}
			return null;
		}
		catch (IOException | JetStreamApiException ex) {
			return null;
		}
	}

	/**
	 * Creates the consumer if absent, updates it if it differs from the definition; an
	 * existing durable consumer keeps its position. For an ephemeral definition a new
	 * ephemeral consumer is created.
	 * @param definition the declared consumer
	 * @return the consumer as the server has it afterwards
	 * @throws DeclarationException if the stream is missing or the server cannot apply
	 * the definition
	 */
	public ConsumerInfo ensureConsumer(ConsumerDefinition definition) {
		String stream = definition.stream();
		ConsumerConfiguration declared = withoutSchedules(stream, WorkQueueRules.deliverAll(
				definition.toConsumerConfiguration(),
				() -> streamInfo(stream).map((info) -> info.getConfiguration().getRetentionPolicy()).orElse(null)));
		if (!definition.isDurable()) {
			try {
				return jsm().createConsumer(stream, declared);
			}
			catch (JetStreamApiException ex) {
				throw consumerFailure("Cannot create an ephemeral consumer of stream '" + stream + "'", stream, ex);
			}
			catch (IOException ex) {
				throw ioFailure("Cannot create an ephemeral consumer of stream '" + stream + "'", ex);
			}
		}
		String name = definition.name().orElseThrow();
		String what = "consumer '" + name + "' of stream '" + stream + "'";
		for (int attempt = 1;; attempt++) {
			Optional<ConsumerInfo> current = consumerInfo(stream, name);
			if (current.isEmpty()) {
				try {
					ConsumerInfo created = jsm().createConsumer(stream, declared);
					logger.info("Created " + what);
					return created;
				}
				catch (JetStreamApiException ex) {
					if ((JetStreamErrors.is(ex, JetStreamErrors.CONSUMER_ALREADY_EXISTS)
							|| JetStreamErrors.is(ex, JetStreamErrors.CONSUMER_NAME_IN_USE)) && attempt < ATTEMPTS) {
						continue; // created a moment ago by another instance: compare
									// with it
					}
					throw consumerFailure("Cannot create " + what, stream, ex);
				}
				catch (IOException ex) {
					throw ioFailure("Cannot create " + what, ex);
				}
			}
			ConsumerConfiguration existing = current.get().getConsumerConfiguration();
			ConsumerDiff diff = ConsumerDiff.between(stream, existing, declared);
			diff.changes(Change.Kind.KEPT)
				.forEach((change) -> logger.info("Keeping the position of existing " + what + ": declared "
						+ change.field() + " " + change.declared() + " applies only when it is created"));
			if (!diff.needsUpdate()) {
				return current.get();
			}
			diff.requireApplicable();
			try {
				ConsumerInfo updated = jsm().updateConsumer(stream, keepPosition(existing, declared));
				logger.info("Updated " + what + ": " + StreamDiff.join(diff.changes()));
				return updated;
			}
			catch (JetStreamApiException ex) {
				if (JetStreamErrors.is(ex, JetStreamErrors.CONSUMER_DOES_NOT_EXIST) && attempt < ATTEMPTS) {
					continue; // deleted meanwhile
				}
				throw consumerFailure(
						"Cannot update " + what + " (" + StreamDiff.join(diff.changes()) + ")" + priorityAction(diff),
						stream, ex);
			}
			catch (IOException ex) {
				throw ioFailure("Cannot update " + what, ex);
			}
		}
	}

	/**
	 * A consumer without filter subjects of a stream that holds delayed events would see
	 * their schedules: it filters on the stream's own subjects instead.
	 */
	private ConsumerConfiguration withoutSchedules(String stream, ConsumerConfiguration declared) {
		if (declared.getFilterSubject() != null
				|| (declared.getFilterSubjects() != null && !declared.getFilterSubjects().isEmpty())) {
			return declared;
		}
		List<String> subjects = streamInfo(stream).map((info) -> info.getConfiguration().getSubjects())
			.orElse(List.of());
		if (subjects.stream().noneMatch(ScheduleSubjects::isScheduleSubject)) {
			return declared;
		}
		return ConsumerConfiguration.builder(declared)
			.filterSubjects(
					subjects.stream().filter((subject) -> !ScheduleSubjects.isScheduleSubject(subject)).toList())
			.build();
	}

	private static ConsumerConfiguration keepPosition(ConsumerConfiguration existing, ConsumerConfiguration declared) {
		ConsumerConfiguration.Builder builder = ConsumerConfiguration.builder(declared)
			.deliverPolicy(existing.getDeliverPolicy());
		builder.startSequence((existing.getStartSequence() > 0) ? existing.getStartSequence() : null);
		builder.startTime(existing.getStartTime());
		return builder.build();
	}

	private DeclarationException consumerFailure(String action, String stream, JetStreamApiException ex) {
		if (JetStreamErrors.is(ex, JetStreamErrors.STREAM_NOT_FOUND)) {
			return new DeclarationException(action + ": stream '" + stream + "' does not exist. Declare it (a "
					+ "StreamDefinition bean or windshift.streams." + stream + ".*) or create it first", ex);
		}
		return JetStreamErrors.translate(action, ex);
	}

	/**
	 * What to do when the server refuses to add an ordered listener's priority group to
	 * an existing consumer.
	 */
	private static String priorityAction(ConsumerDiff diff) {
		boolean priority = diff.changes().stream().anyMatch((change) -> change.field().equals("pinnedClientGroup"));
		return priority ? "; an ordered listener needs the pinned-client group: delete consumer '" + diff.consumer()
				+ "' once (WindshiftAdmin.deleteConsumer) so that it is created with it" : "";
	}

	/**
	 * Deletes a consumer; nothing happens if it does not exist.
	 * @param stream the stream name
	 * @param name the consumer name
	 */
	public void deleteConsumer(String stream, String name) {
		try {
			jsm().deleteConsumer(stream, name);
			logger.info("Deleted consumer '" + name + "' of stream '" + stream + "'");
		}
		catch (JetStreamApiException ex) {
			if (!JetStreamErrors.is(ex, JetStreamErrors.CONSUMER_NOT_FOUND)
					&& !JetStreamErrors.is(ex, JetStreamErrors.STREAM_NOT_FOUND)) {
				throw JetStreamErrors.translate("Cannot delete consumer '" + name + "' of stream '" + stream + "'", ex);
			}
		}
		catch (IOException ex) {
			throw ioFailure("Cannot delete consumer '" + name + "' of stream '" + stream + "'", ex);
		}
	}

	/**
	 * The stream as the server has it.
	 * @param stream the stream name
	 * @return the stream, empty if it does not exist
	 */
	public Optional<StreamInfo> streamInfo(String stream) {
		try {
			return Optional.of(jsm().getStreamInfo(stream));
		}
		catch (JetStreamApiException ex) {
			if (JetStreamErrors.is(ex, JetStreamErrors.STREAM_NOT_FOUND)) {
				return Optional.empty();
			}
			throw JetStreamErrors.translate("Cannot read stream '" + stream + "'", ex);
		}
		catch (IOException ex) {
			throw ioFailure("Cannot read stream '" + stream + "'", ex);
		}
	}

	/**
	 * The consumer as the server has it.
	 * @param stream the stream name
	 * @param name the consumer name
	 * @return the consumer, empty if it or its stream does not exist
	 */
	public Optional<ConsumerInfo> consumerInfo(String stream, String name) {
		try {
			return Optional.of(jsm().getConsumerInfo(stream, name));
		}
		catch (JetStreamApiException ex) {
			if (JetStreamErrors.is(ex, JetStreamErrors.CONSUMER_NOT_FOUND)
					|| JetStreamErrors.is(ex, JetStreamErrors.STREAM_NOT_FOUND)) {
				return Optional.empty();
			}
			throw JetStreamErrors.translate("Cannot read consumer '" + name + "' of stream '" + stream + "'", ex);
		}
		catch (IOException ex) {
			throw ioFailure("Cannot read consumer '" + name + "' of stream '" + stream + "'", ex);
		}
	}

	/**
	 * The names of the streams that take the given subject (or any subject it matches).
	 * @param subject a subject, wildcards allowed
	 * @return the stream names
	 */
	public List<String> streamNames(String subject) {
		try {
			Set<String> names = new LinkedHashSet<>(jsm().getStreamNames(subject));
			return new ArrayList<>(names);
		}
		catch (JetStreamApiException ex) {
			throw JetStreamErrors.translate("Cannot list the streams of subject '" + subject + "'", ex);
		}
		catch (IOException ex) {
			throw ioFailure("Cannot list the streams of subject '" + subject + "'", ex);
		}
	}

	/**
	 * Replays the dead letters of a consumer from the default dead-letter stream
	 * ({@value DeadLetterReplay#STREAM}): republishes each to the subject it was first
	 * published to, with its payload and headers, and removes it from the dead-letter
	 * stream once the republish is stored.
	 * @param stream the stream the events were read from
	 * @param consumer the durable consumer, or the listener id of an ephemeral listener
	 * @return how many dead letters were replayed
	 * @throws io.windshift.events.WindshiftException if one could not be replayed (those
	 * before it were)
	 */
	public int replayDeadLetters(String stream, String consumer) {
		return replayDeadLetters(stream, consumer, 0, Long.MAX_VALUE);
	}

	/**
	 * Replays the dead letters of a consumer whose original ids (stream sequences in
	 * {@code stream}) lie from {@code firstId} to {@code lastId}, inclusive; see
	 * {@link #replayDeadLetters(String, String)}.
	 * @return how many dead letters were replayed
	 */
	public int replayDeadLetters(String stream, String consumer, long firstId, long lastId) {
		return DeadLetterReplay.replay(this.connection, stream, consumer, firstId, lastId);
	}

	private JetStreamManagement jsm() throws IOException {
		return this.connection.jetStreamManagement(this.jetStreamOptions);
	}

	private static DeclarationException ioFailure(String action, IOException ex) {
		return new DeclarationException(action + ": no answer from JetStream (" + ex.getMessage()
				+ "). Check that the server runs with JetStream enabled and is reachable", ex, true);
	}

}
