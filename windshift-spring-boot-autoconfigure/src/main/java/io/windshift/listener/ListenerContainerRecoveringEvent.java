package io.windshift.listener;

/**
 * Published when a running container loses its server or its consumer and starts
 * recovering by itself.
 */
public class ListenerContainerRecoveringEvent extends ListenerContainerEvent {

	public ListenerContainerRecoveringEvent(ListenerContainer container) {
		super(container);
	}

}
