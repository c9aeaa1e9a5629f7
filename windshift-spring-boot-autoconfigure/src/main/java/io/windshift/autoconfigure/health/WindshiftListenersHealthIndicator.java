package io.windshift.autoconfigure.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.nats.client.Connection;
import io.nats.client.api.ConsumerInfo;
import io.windshift.listener.ListenerContainer;
import io.windshift.listener.ListenerState;
import io.windshift.listener.WindshiftListenerActivity;
import io.windshift.listener.WindshiftListenerEndpointRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of every {@code @WindshiftListener} (the {@code windshift} contributor): DOWN as
 * soon as one listener is DOWN, with each listener's status, state and reason under
 * {@code listeners}. A listener is DOWN when
 * <ul>
 * <li>it is stopped while the application runs (it starts with the application but is not
 * running);</li>
 * <li>it is recovering: its fetches failed or went unanswered, its consumer is gone, or
 * the server does not answer;</li>
 * <li>it runs but the NATS connection is not connected;</li>
 * <li>it runs, its consumer has had events pending or unsettled for
 * {@code windshift.observation.health.no-progress-timeout} (as seen by successive health
 * checks), and it has settled none in that time.</li>
 * </ul>
 * A paused listener is UP. Pending counts come from the last delivery's metadata and the
 * container's periodic consumer check: a health check sends no request to the server.
 */
public class WindshiftListenersHealthIndicator extends AbstractHealthIndicator {

	private final WindshiftListenerEndpointRegistry registry;

	private final WindshiftListenerActivity activity;

	private final Connection connection;

	private final Duration noProgressTimeout;

	private final Clock clock;

	private final Map<String, Instant> pendingSince = new ConcurrentHashMap<>();

	public WindshiftListenersHealthIndicator(WindshiftListenerEndpointRegistry registry,
			WindshiftListenerActivity activity, Connection connection, Duration noProgressTimeout) {
		this(registry, activity, connection, noProgressTimeout, Clock.systemUTC());
	}

	WindshiftListenersHealthIndicator(WindshiftListenerEndpointRegistry registry, WindshiftListenerActivity activity,
			Connection connection, Duration noProgressTimeout, Clock clock) {
		super("Windshift listeners health check failed");
		this.registry = registry;
		this.activity = activity;
		this.connection = connection;
		this.noProgressTimeout = noProgressTimeout;
		this.clock = clock;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Map<String, Object> listeners = new LinkedHashMap<>();
		boolean down = false;
		for (ListenerContainer container : this.registry.getListenerContainers()) {
			Map<String, Object> details = new LinkedHashMap<>();
			String reason = check(container, details);
			details.put("status", (reason != null) ? Status.DOWN.getCode() : Status.UP.getCode());
			if (reason != null) {
				details.put("reason", reason);
				down = true;
			}
			listeners.put(container.getListenerId(), details);
		}
		builder.status(down ? Status.DOWN : Status.UP).withDetail("listeners", listeners);
	}

	private @Nullable String check(ListenerContainer container, Map<String, Object> details) {
		String id = container.getListenerId();
		ListenerState state = container.getState();
		WindshiftListenerActivity.Stats stats = this.activity.stats(id);
		long pending = pending(container, stats);
		details.put("state", state.name());
		details.put("stream", container.getStream());
		String consumer = container.getConsumerName();
		if (consumer != null) {
			details.put("consumer", consumer);
		}
		details.put("inFlight", container.getInFlightCount());
		if (pending >= 0) {
			details.put("pending", pending);
		}
		Instant lastProgress = stats.lastProgress();
		if (lastProgress != null) {
			details.put("lastProgress", lastProgress.toString());
		}
		if (state != ListenerState.RUNNING || pending <= 0) {
			this.pendingSince.remove(id);
		}
		return switch (state) {
			case STOPPED -> (this.registry.isRunning() && container.isAutoStartup()) ? "stopped" : null;
			case RECOVERING -> "recovering: the server or the consumer did not answer";
			case PAUSED -> null;
			case RUNNING -> checkRunning(id, pending, lastProgress);
		};
	}

	private @Nullable String checkRunning(String id, long pending, @Nullable Instant lastProgress) {
		if (this.connection.getStatus() != Connection.Status.CONNECTED) {
			return "the NATS connection is " + this.connection.getStatus().name().toLowerCase(Locale.ROOT);
		}
		if (pending <= 0) {
			return null;
		}
		Instant now = this.clock.instant();
		Instant since = this.pendingSince.computeIfAbsent(id, (key) -> now);
		Instant reference = (lastProgress != null && lastProgress.isAfter(since)) ? lastProgress : since;
		Duration idle = Duration.between(reference, now);
		if (idle.compareTo(this.noProgressTimeout) >= 0) {
			return "no event settled for " + idle.withNanos(0) + " while " + pending + " are pending";
		}
		return null;
	}

	private static long pending(ListenerContainer container, WindshiftListenerActivity.Stats stats) {
		long pending = stats.pending();
		ConsumerInfo info = container.getLastConsumerInfo();
		if (info != null) {
			pending = Math.max(pending, info.getNumPending() + info.getNumAckPending());
		}
		return pending;
	}

}
