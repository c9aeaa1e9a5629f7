package io.windshift.listener;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.nats.client.api.ConsumerInfo;

/**
 * Meters of every listener, beside the {@code windshift.listener} timer its observations
 * make:
 * <ul>
 * <li>{@code windshift.listener.redeliveries}: events delivered again (counter);</li>
 * <li>{@code windshift.listener.poison}: events that could not be decoded (counter);</li>
 * <li>{@code windshift.consumer.pending}: events the consumer has not delivered yet
 * (gauge), from the last delivery's metadata or the container's periodic consumer check,
 * whichever is newer;</li>
 * <li>{@code windshift.consumer.ack.pending}: events delivered and not settled yet
 * (gauge), from the container's periodic consumer check.</li>
 * </ul>
 * Tagged with {@code windshift.listener.id}, {@code windshift.stream} and
 * {@code messaging.consumer.group.name}. Nothing here sends a request to the server.
 */
public class WindshiftListenerMetrics implements MeterBinder {

	private final WindshiftListenerEndpointRegistry registry;

	private final WindshiftListenerActivity activity;

	public WindshiftListenerMetrics(WindshiftListenerEndpointRegistry registry, WindshiftListenerActivity activity) {
		this.registry = registry;
		this.activity = activity;
	}

	@Override
	public void bindTo(MeterRegistry meters) {
		for (ListenerContainer container : this.registry.getListenerContainers()) {
			bind(meters, container);
		}
	}

	private void bind(MeterRegistry meters, ListenerContainer container) {
		String id = container.getListenerId();
		String consumer = container.getConsumerName();
		Tags tags = Tags.of("windshift.listener.id", id, "windshift.stream", container.getStream(),
				"messaging.consumer.group.name", (consumer != null) ? consumer : "");
		WindshiftListenerActivity.Stats stats = this.activity.stats(id);
		FunctionCounter.builder("windshift.listener.redeliveries", stats, WindshiftListenerActivity.Stats::redeliveries)
			.description("Events delivered to the listener more than once")
			.tags(tags)
			.register(meters);
		FunctionCounter.builder("windshift.listener.poison", stats, WindshiftListenerActivity.Stats::poison)
			.description("Events the listener could not decode")
			.tags(tags)
			.register(meters);
		Gauge.builder("windshift.consumer.pending", container, (c) -> pending(c, stats))
			.description("Events the consumer has not delivered yet")
			.tags(tags)
			.register(meters);
		Gauge.builder("windshift.consumer.ack.pending", container, WindshiftListenerMetrics::ackPending)
			.description("Events the consumer delivered that are not settled yet")
			.tags(tags)
			.register(meters);
	}

	private static double pending(ListenerContainer container, WindshiftListenerActivity.Stats stats) {
		ConsumerInfo info = container.getLastConsumerInfo();
		if (info != null && (stats.pending() < 0 || newer(info, stats))) {
			return info.getNumPending();
		}
		return (stats.pending() >= 0) ? stats.pending() : Double.NaN;
	}

	private static boolean newer(ConsumerInfo info, WindshiftListenerActivity.Stats stats) {
		return info.getTimestamp() != null && !info.getTimestamp().toInstant().isBefore(stats.pendingAt());
	}

	private static double ackPending(ListenerContainer container) {
		ConsumerInfo info = container.getLastConsumerInfo();
		return (info != null) ? info.getNumAckPending() : Double.NaN;
	}

}
