package io.windshift.listener;

/**
 * Published when a recovering container is bound to its consumer again and fetches
 * events.
 */
public class ListenerContainerRecoveredEvent extends ListenerContainerEvent {

	public ListenerContainerRecoveredEvent(ListenerContainer container) {
		super(container);
	}

}
