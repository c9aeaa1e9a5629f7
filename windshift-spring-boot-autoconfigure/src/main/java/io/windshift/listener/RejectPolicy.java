package io.windshift.listener;

import java.time.Duration;

import io.windshift.events.Event;

/**
 * Decides what happens to an event whose listener method failed: a positive delay
 * redelivers after it (held by the server, no thread waits), zero redelivers at once, a
 * negative duration gives up (the event is dead-lettered if a dead-letter subject is
 * configured, then terminated). After the last delivery attempt the container gives up
 * whatever the policy says.
 * <p>
 * The default comes from {@code windshift.listener.reject.*}; a listener picks another
 * bean by name with {@link WindshiftListener#rejectPolicy()}.
 */
@FunctionalInterface
public interface RejectPolicy {

	/** A duration that means: give up on the event. */
	Duration GIVE_UP = Duration.ofMillis(-1);

	/**
	 * Decides about a failed event.
	 * @param event the event (its {@link Event#deliveryAttempt()} starts at 1)
	 * @param failure what the listener method threw
	 * @return the redelivery delay, or a negative duration to give up
	 */
	Duration decide(Event<?> event, Throwable failure);

}
