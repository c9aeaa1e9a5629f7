package io.windshift.events;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOff;

/**
 * One setting for a call to the server (publish, ack, reject, ping). Made by
 * {@link CallOptions}; later options override earlier ones.
 *
 * @param backOff the retry schedule, or {@code null} to keep the default
 * @param timeout how long one attempt may take, or {@code null} to keep the default
 */
public record CallOption(@Nullable BackOff backOff, @Nullable Duration timeout) implements RejectOption {

}
