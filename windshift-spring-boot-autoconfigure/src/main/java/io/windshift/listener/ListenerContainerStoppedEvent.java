package io.windshift.listener;

/**
 * Published when a listener container has stopped: its in-flight events are settled or
 * left for redelivery.
 */
public class ListenerContainerStoppedEvent extends ListenerContainerEvent {

	public ListenerContainerStoppedEvent(ListenerContainer container) {
		super(container);
	}

}
