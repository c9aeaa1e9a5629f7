package io.windshift.autoconfigure;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamState;
import io.windshift.listener.ListenerState;
import io.windshift.listener.WindshiftListenerContainer;
import io.windshift.listener.WindshiftListenerEndpointRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code windshift} Actuator endpoint: streams (configuration, event count, bytes) with their consumers
 * (pending, ack-pending, redelivered), and listeners (state, concurrency, in flight). A write operation on a
 * listener ({@code POST /actuator/windshift/{listenerId}} with {@code {"action": "pause"}} or {@code "resume"})
 * pauses or resumes it. Shows no server URLs or credentials.
 */
@Endpoint(id = "windshift")
public class WindshiftEndpoint {

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
		WindshiftListenerContainer container = (this.registry != null)
				? this.registry.getListenerContainer(listenerId) : null;
		return (container != null) ? listener(container) : null;
	}

	/**
	 * Pauses or resumes a listener.
	 * @param listenerId the listener
	 * @param action {@code pause} or {@code resume}
	 * @return the listener afterwards, or {@code null} (404) if there is no such listener
	 */
	@WriteOperation
	public @Nullable ListenerDescriptor changeListener(@Selector String listenerId, String action) {
		WindshiftListenerContainer container = (this.registry != null)
				? this.registry.getListenerContainer(listenerId) : null;
		if (container == null) {
			return null;
		}
		switch (action.toLowerCase(Locale.ROOT)) {
			case "pause" -> container.pause();
			case "resume" -> container.resume();
			default -> throw new IllegalArgumentException(
					"Unknown action '" + action + "' for listener '" + listenerId + "'; use 'pause' or 'resume'");
		}
		return listener(container);
	}

	private Map<String, ListenerDescriptor> listeners() {
		Map<String, ListenerDescriptor> listeners = new LinkedHashMap<>();
		if (this.registry != null) {
			for (WindshiftListenerContainer container : this.registry.getListenerContainers()) {
				listeners.put(container.getListenerId(), listener(container));
			}
		}
		return listeners;
	}

	private ListenerDescriptor listener(WindshiftListenerContainer container) {
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
				config.getRetentionPolicy().name(), config.getReplicas(), text(config.getMaxAge()),
				config.getMaxBytes(), config.getMaxMsgs(), config.getMaxMsgsPerSubject(),
				config.getMaximumMessageSize(),
				config.getDiscardPolicy().name(), text(config.getDuplicateWindow()),
				(config.getMirror() != null) ? config.getMirror().getName() : null, sources, state.getMsgCount(),
				state.getByteCount(), state.getFirstSequence(), state.getLastSequence(), consumers);
	}

	private static ConsumerDescriptor consumer(ConsumerInfo info) {
		ConsumerConfiguration config = info.getConsumerConfiguration();
		return new ConsumerDescriptor(config.getDurable() != null, config.getFilterSubjects(),
				text(config.getAckWait()), config.getMaxDeliver(), config.getMaxAckPending(), info.getNumPending(),
				info.getNumAckPending(), info.getRedelivered(), info.getNumWaiting());
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
	 * @param maxAge the age limit of events (ISO-8601), or {@code null} for none
	 * @param maxBytes the size limit, or -1
	 * @param maxEvents the event count limit, or -1
	 * @param maxEventsPerSubject the event count limit per subject, or -1
	 * @param maxEventSize the size limit of one event, or -1
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
			String retention, int replicas, @Nullable String maxAge, long maxBytes, long maxEvents,
			long maxEventsPerSubject, long maxEventSize, String discardPolicy, @Nullable String deduplicationWindow,
			@Nullable String mirror, List<String> sources, long events, long bytes, long firstId, long lastId,
			Map<String, ConsumerDescriptor> consumers) {
	}

	/**
	 * A consumer.
	 *
	 * @param durable whether it is durable
	 * @param filterSubjects its filter subjects (empty: all)
	 * @param processingTimeout its ack wait (ISO-8601)
	 * @param maxDeliveryAttempts its max deliveries, or -1
	 * @param maxPendingEvents its max ack pending
	 * @param pending events not yet delivered
	 * @param ackPending events delivered and not yet settled
	 * @param redelivered events delivered more than once and not yet settled
	 * @param waitingPulls pull requests waiting
	 */
	public record ConsumerDescriptor(boolean durable, List<String> filterSubjects, @Nullable String processingTimeout,
			long maxDeliveryAttempts, long maxPendingEvents, long pending, long ackPending, long redelivered,
			long waitingPulls) {
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

}
