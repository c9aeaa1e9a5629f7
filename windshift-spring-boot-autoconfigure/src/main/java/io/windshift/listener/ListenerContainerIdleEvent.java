package io.windshift.listener;

import java.time.Duration;

/**
 * Published when a running container has handled no event for
 * {@code windshift.listener.idle-event-interval}, and again after each further interval
 * of silence.
 */
public class ListenerContainerIdleEvent extends ListenerContainerEvent {

	private final Duration idleTime;

	public ListenerContainerIdleEvent(ListenerContainer container, Duration idleTime) {
		super(container);
		this.idleTime = idleTime;
	}

	/** How long the container has been without an event. */
	public Duration getIdleTime() {
		return this.idleTime;
	}

}
