package io.windshift.listener;

/**
 * Published when a listener container has started (it may still be binding: see
 * {@link ListenerContainerRecoveringEvent}).
 */
public class ListenerContainerStartedEvent extends ListenerContainerEvent {

	public ListenerContainerStartedEvent(ListenerContainer container) {
		super(container);
	}

}
