package io.windshift.autoconfigure.endpoint;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamState;
import io.windshift.admin.WindshiftAdmin;
import io.windshift.listener.ListenerContainer;
import io.windshift.listener.ListenerState;
import io.windshift.listener.WindshiftListenerActivity;
import io.windshift.listener.WindshiftListenerEndpointRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code windshift} Actuator endpoint: streams (configuration, event count, bytes)
 * with their consumers (pending, ack-pending, redelivered), and listeners (state,
 * concurrency, in flight). A write operation on a listener ({@code POST
 * /actuator/windshift/{listenerId}} with {@code {"action": "pause"}}, {@code "resume"} or
 * {@code "replay-dead-letters"} with optional {@code "fromId"} and {@code "toId"}) pauses
 * or resumes it, or republishes its dead letters to their original subjects. Shows no
 * server URLs or credentials.
 */
@Endpoint(id = "windshift")
public class WindshiftEndpoint {

	/** The actions of {@link #changeListener}. */
	static final List<String> ACTIONS = List.of("pause", "resume", "replay-dead-letters");

	/** How unlimited limits are shown. */
	static final String UNLIMITED = "unlimited";

	private final Connection connection;

	private final @Nullable WindshiftListenerEndpointRegistry registry;

	private final WindshiftListenerActivity activity;

	private final JetStreamOptions jetStreamOptions;

	/**
	 * @param connection the NATS connection
	 * @param registry the listeners, or {@code null} if there are none
	 * @param activity what the listeners did, or {@code null} if not tracked
	 */
	public WindshiftEndpoint(Connection connection, @Nullable WindshiftListenerEndpointRegistry registry,
			@Nullable WindshiftListenerActivity activity) {
		this(connection, registry, activity, JetStreamOptions.DEFAULT_JS_OPTIONS);
	}

	/**
	 * @param connection the NATS connection
	 * @param registry the listeners, or {@code null} if there are none
	 * @param activity what the listeners did, or {@code null} if not tracked
	 * @param jetStreamOptions which JetStream (domain, API prefix) to describe
	 */
	public WindshiftEndpoint(Connection connection, @Nullable WindshiftListenerEndpointRegistry registry,
			@Nullable WindshiftListenerActivity activity, JetStreamOptions jetStreamOptions) {
		this.connection = connection;
		this.registry = registry;
		this.activity = (activity != null) ? activity : new WindshiftListenerActivity();
		this.jetStreamOptions = jetStreamOptions;
	}

	/** Everything: streams with their consumers, and listeners. */
	@ReadOperation
	public WindshiftDescriptor windshift() {
		Map<String, StreamDescriptor> streams = new LinkedHashMap<>();
		String error = null;
		try {
			JetStreamManagement jsm = this.connection.jetStreamManagement(this.jetStreamOptions);
			for (StreamInfo info : jsm.getStreams()) {
				String name = info.getConfiguration().getName();
				streams.put(name, stream(info, jsm.getConsumers(name)));
			}
		}
		catch (IOException | JetStreamApiException | RuntimeException ex) {
			error = "JetStream did not answer: " + ((ex instanceof JetStreamApiException api)
					? api.getErrorDescription() : ex.getClass().getSimpleName());
		}
		return new WindshiftDescriptor(streams, listeners(), error);
	}

	/** One listener. */
	@ReadOperation
	public @Nullable ListenerDescriptor listener(@Selector String listenerId) {
		ListenerContainer container = (this.registry != null) ? this.registry.getListenerContainer(listenerId) : null;
		return (container != null) ? listener(container) : null;
	}

	/**
	 * Pauses or resumes a listener, or replays its dead letters.
	 * @param listenerId the listener
	 * @param action {@code pause}, {@code resume} or {@code replay-dead-letters}
	 * @param fromId for {@code replay-dead-letters}: the first original event id to
	 * replay (default: all)
	 * @param toId for {@code replay-dead-letters}: the last original event id to replay
	 * (default: all)
	 * @return the listener afterwards, or how many dead letters were replayed; 404 if
	 * there is no such listener
	 * @throws InvalidEndpointRequestException (400) for an unknown action, naming the
	 * valid ones
	 */
	@WriteOperation
	public WebEndpointResponse<Object> changeListener(@Selector String listenerId, String action, @Nullable Long fromId,
			@Nullable Long toId) {
		ListenerContainer container = (this.registry != null) ? this.registry.getListenerContainer(listenerId) : null;
		if (container == null) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		switch (action.toLowerCase(Locale.ROOT)) {
			case "pause" -> container.pause();
			case "resume" -> container.resume();
			case "replay-dead-letters" -> {
				int replayed = new WindshiftAdmin(this.connection).replayDeadLetters(container.getStream(),
						deadLetterConsumer(container), (fromId != null) ? fromId : 0,
						(toId != null) ? toId : Long.MAX_VALUE);
				return new WebEndpointResponse<>(new ReplayDescriptor(replayed));
			}
			default -> throw new InvalidEndpointRequestException(
					"Unknown action '" + action + "' for listener '" + listenerId + "'; valid actions: " + ACTIONS,
					"Unknown action; valid actions: " + ACTIONS);
		}
		return new WebEndpointResponse<>(listener(container));
	}

	/**
	 * The consumer part of the listener's default dead-letter subject: the durable name
	 * (a partitioned listener's own, not its partition's) or the listener id.
	 */
	private static String deadLetterConsumer(ListenerContainer container) {
		ConsumerInfo info = container.getLastConsumerInfo();
		String durable = (info != null) ? info.getConsumerConfiguration().getDurable() : null;
		String name = container.getConsumerName();
		if (durable != null && name != null) {
			return name;
		}
		return (durable != null) ? durable : container.getListenerId();
	}

	private Map<String, ListenerDescriptor> listeners() {
		Map<String, ListenerDescriptor> listeners = new LinkedHashMap<>();
		if (this.registry != null) {
			for (ListenerContainer container : this.registry.getListenerContainers()) {
				listeners.put(container.getListenerId(), listener(container));
			}
		}
		return listeners;
	}

	private ListenerDescriptor listener(ListenerContainer container) {
		WindshiftListenerActivity.Stats stats = this.activity.stats(container.getListenerId());
		Instant lastProgress = stats.lastProgress();
		return new ListenerDescriptor(container.getStream(), container.getConsumerName(), container.getState(),
				container.getConcurrency(), container.getInFlightCount(), stats.handled(), stats.redeliveries(),
				stats.poison(), (lastProgress != null) ? lastProgress.toString() : null);
	}

	private static StreamDescriptor stream(StreamInfo info, List<ConsumerInfo> consumerInfos) {
		StreamConfiguration config = info.getConfiguration();
		StreamState state = info.getStreamState();
		Map<String, ConsumerDescriptor> consumers = new LinkedHashMap<>();
		for (ConsumerInfo consumer : consumerInfos) {
			consumers.put(consumer.getName(), consumer(consumer));
		}
		List<String> sources = new ArrayList<>();
		if (config.getSources() != null) {
			config.getSources().forEach((source) -> sources.add(source.getName()));
		}
		return new StreamDescriptor(config.getSubjects(), config.getDescription(), config.getStorageType().name(),
				config.getRetentionPolicy().name(), config.getReplicas(),
				(config.getMaxAge() != null && !config.getMaxAge().isZero()) ? config.getMaxAge().toString()
						: UNLIMITED,
				limit(config.getMaxBytes()), limit(config.getMaxMsgs()), limit(config.getMaxMsgsPerSubject()),
				limit(config.getMaximumMessageSize()),
				Objects.requireNonNullElse(config.getDiscardPolicy(), DiscardPolicy.Old).name(),
				text(config.getDuplicateWindow()), (config.getMirror() != null) ? config.getMirror().getName() : null,
				sources, state.getMsgCount(), state.getByteCount(), state.getFirstSequence(), state.getLastSequence(),
				consumers);
	}

	private static ConsumerDescriptor consumer(ConsumerInfo info) {
		ConsumerConfiguration config = info.getConsumerConfiguration();
		return new ConsumerDescriptor(config.getDurable() != null, config.getFilterSubjects(),
				text(config.getAckWait()), limit(config.getMaxDeliver()), limit(config.getMaxAckPending()),
				info.getNumPending(), info.getNumAckPending(), info.getRedelivered(), info.getNumWaiting());
	}

	/** A limit as the server has it, where zero or less means none. */
	private static Object limit(long value) {
		return (value > 0) ? value : UNLIMITED;
	}

	private static @Nullable String text(@Nullable Duration duration) {
		return (duration != null && !duration.isZero()) ? duration.toString() : null;
	}

	/**
	 * What the endpoint shows.
	 *
	 * @param streams the streams on the server by name, each with its consumers
	 * @param listeners the listeners of this application by id
	 * @param error why streams could not be listed, if they could not
	 */
	public record WindshiftDescriptor(Map<String, StreamDescriptor> streams, Map<String, ListenerDescriptor> listeners,
			@Nullable String error) {
	}

	/**
	 * A stream: its configuration, its state and its consumers.
	 *
	 * @param subjects the subjects it takes
	 * @param description its description
	 * @param storage FILE or MEMORY
	 * @param retention its retention policy
	 * @param replicas its replica count
	 * @param maxAge the age limit of events (ISO-8601), or {@code unlimited}
	 * @param maxBytes the size limit, or {@code unlimited}
	 * @param maxEvents the event count limit, or {@code unlimited}
	 * @param maxEventsPerSubject the event count limit per subject, or {@code unlimited}
	 * @param maxEventSize the size limit of one event, or {@code unlimited}
	 * @param discardPolicy what is discarded at a limit
	 * @param deduplicationWindow the window of idempotency keys (ISO-8601)
	 * @param mirror the mirrored stream, if any
	 * @param sources the aggregated streams
	 * @param events how many events it holds
	 * @param bytes how many bytes it holds
	 * @param firstId the first event id
	 * @param lastId the last event id
	 * @param consumers its consumers by name
	 */
	public record StreamDescriptor(List<String> subjects, @Nullable String description, String storage,
			String retention, int replicas, String maxAge, Object maxBytes, Object maxEvents,
			Object maxEventsPerSubject, Object maxEventSize, String discardPolicy, @Nullable String deduplicationWindow,
			@Nullable String mirror, List<String> sources, long events, long bytes, long firstId, long lastId,
			Map<String, ConsumerDescriptor> consumers) {
	}

	/**
	 * A consumer.
	 *
	 * @param durable whether it is durable
	 * @param filterSubjects its filter subjects (empty: all)
	 * @param processingTimeout its ack wait (ISO-8601)
	 * @param maxDeliveryAttempts its max deliveries, or {@code unlimited}
	 * @param maxPendingEvents its max ack pending, or {@code unlimited}
	 * @param pending events not yet delivered
	 * @param ackPending events delivered and not yet settled
	 * @param redelivered events delivered more than once and not yet settled
	 * @param waitingPulls pull requests waiting
	 */
	public record ConsumerDescriptor(boolean durable, @Nullable List<String> filterSubjects,
			@Nullable String processingTimeout, Object maxDeliveryAttempts, Object maxPendingEvents, long pending,
			long ackPending, long redelivered, long waitingPulls) {
	}

	/**
	 * A listener of this application.
	 *
	 * @param stream the stream it consumes
	 * @param consumer the consumer it uses (the server's name for an ephemeral one)
	 * @param state its state
	 * @param concurrency its number of workers
	 * @param inFlight the events its method handles right now
	 * @param handled the events it handled since the application started
	 * @param redeliveries the events it received more than once
	 * @param poison the events it could not decode
	 * @param lastProgress when it last settled an event, if ever
	 */
	public record ListenerDescriptor(String stream, @Nullable String consumer, ListenerState state, int concurrency,
			int inFlight, long handled, long redeliveries, long poison, @Nullable String lastProgress) {
	}

	/**
	 * The result of replaying a listener's dead letters.
	 *
	 * @param replayed how many dead letters were republished to their original subjects
	 */
	public record ReplayDescriptor(int replayed) {
	}

}
