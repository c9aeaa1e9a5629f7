package io.windshift.listener;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Timing of a container.
 *
 * @param pollTimeout how long one fetch waits for an event
 * @param shutdownTimeout how long stopping waits for in-flight events
 * @param checkInterval how often the consumer is checked
 * @param pingInterval a fixed auto-ping interval, or {@code null} for a fraction of the
 * processing timeout
 * @param pingFraction the fraction of the processing timeout between pings
 * @param maxPrefetch the most events the container holds at once (also bounded by max
 * pending events)
 * @param maxPrefetchBytes the most bytes of event data fetched ahead or requested
 */
record ContainerSettings(Duration pollTimeout, Duration shutdownTimeout, Duration checkInterval,
		@Nullable Duration pingInterval, double pingFraction, int maxPrefetch, long maxPrefetchBytes) {
}
