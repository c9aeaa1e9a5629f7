package io.windshift.events;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.api.ServerInfo;
import io.nats.client.api.StreamConfiguration;
import io.windshift.streams.ScheduleSubjects;

/**
 * Checks, before anything is sent, that the stream taking a subject allows a feature
 * (delayed events, a time to live, atomic batches) and that the server is new enough; a
 * server too old would store the event at once or keep it for ever instead. The stream of
 * a subject is looked up once and remembered for a few seconds.
 */
final class StreamFeatures {

	private static final long REMEMBER_NANOS = Duration.ofSeconds(10).toNanos();

	private final Connection connection;

	private final JetStreamOptions options;

	private final Clock clock;

	private final Map<String, Known> streams = new ConcurrentHashMap<>();

	StreamFeatures(Connection connection, JetStreamOptions options, Clock clock) {
		this.connection = connection;
		this.options = options;
		this.clock = clock;
	}

	/**
	 * Checks a delayed event or one with a time to live; a delayed one is returned due at
	 * a fixed time and routed to a schedule subject of its stream. Other events are
	 * returned as they are, without any request.
	 */
	OutgoingEvent prepare(OutgoingEvent event) {
		if (!event.isDelayed() && event.ttl() == null) {
			return event;
		}
		if (event.isDelayed()) {
			StreamConfiguration stream = require(Feature.SCHEDULES, event.subject());
			if (event.ttl() != null) {
				require(Feature.TTL, event.subject());
			}
			String schedules = ScheduleSubjects.of(stream.getName());
			if (!stream.getSubjects().contains(schedules)) {
				throw new UnsupportedFeatureException(Feature.SCHEDULES.description, Feature.SCHEDULES.version,
						"Cannot publish a delayed event to '" + event.subject() + "': stream '" + stream.getName()
								+ "' allows message schedules but does not take '" + schedules
								+ "'; declare it with allowScheduledEvents(true)");
			}
			Instant due = (event.deliverAt() != null) ? event.deliverAt()
					: this.clock.instant().plus(event.deliverAfter());
			return event.scheduled(due,
					ScheduleSubjects.of(stream.getName(), UUID.randomUUID().toString().replace("-", "")));
		}
		require(Feature.TTL, event.subject());
		return event;
	}

	/**
	 * The configuration of the stream taking the subject, after checking the server
	 * version and the stream's flag.
	 * @throws UnsupportedFeatureException naming the feature and the server version or
	 * stream flag needed
	 * @throws UnboundSubjectException if no stream takes the subject
	 */
	StreamConfiguration require(Feature feature, String subject) {
		ServerInfo server = this.connection.getServerInfo();
		if (server != null && server.isOlderThanVersion(feature.version)) {
			throw new UnsupportedFeatureException(feature.description, feature.version,
					"Cannot publish to '" + subject + "': " + feature.description + " need nats-server "
							+ feature.version + " or later, connected to " + server.getVersion());
		}
		StreamConfiguration stream = streamOf(subject);
		if (!feature.allowedBy(stream)) {
			this.streams.remove(subject); // look again next time: the stream may be
											// updated meanwhile
			throw new UnsupportedFeatureException(feature.description, feature.version,
					"Cannot publish to '" + subject + "': stream '" + stream.getName() + "' does not allow "
							+ feature.description + "; declare it with " + feature.flag + "(true) (nats-server "
							+ feature.version + " or later)");
		}
		return stream;
	}

	/** The configuration of the stream taking the subject. */
	StreamConfiguration streamOf(String subject) {
		long now = System.nanoTime();
		Known known = this.streams.get(subject);
		if (known != null && now - known.at < REMEMBER_NANOS) {
			return known.stream;
		}
		StreamConfiguration stream = lookUp(subject);
		this.streams.put(subject, new Known(stream, now));
		return stream;
	}

	private StreamConfiguration lookUp(String subject) {
		try {
			JetStreamManagement jsm = this.connection.jetStreamManagement(this.options);
			List<String> names = jsm.getStreamNames(subject);
			if (names.isEmpty()) {
				throw new UnboundSubjectException(subject,
						new IllegalStateException("JetStream lists no stream for '" + subject + "'"));
			}
			return jsm.getStreamInfo(names.get(0)).getConfiguration();
		}
		catch (IOException | JetStreamApiException ex) {
			throw new WindshiftException("Cannot look up the stream that takes '" + subject + "': " + ex.getMessage(),
					ex, true);
		}
	}

	private record Known(StreamConfiguration stream, long at) {
	}

	/** A server feature a publish may need. */
	enum Feature {

		TTL("per-event time to live", "2.11.0", "allowEventTtl"),

		SCHEDULES("delayed events", "2.12.0", "allowScheduledEvents"),

		ATOMIC("atomic batches", "2.12.0", "allowAtomicPublish");

		final String description;

		final String version;

		final String flag;

		Feature(String description, String version, String flag) {
			this.description = description;
			this.version = version;
			this.flag = flag;
		}

		boolean allowedBy(StreamConfiguration stream) {
			return switch (this) {
				case TTL -> stream.getAllowMessageTtl();
				case SCHEDULES -> stream.getAllowMsgSchedules();
				case ATOMIC -> stream.getAllowAtomicPublish();
			};
		}

	}

}
