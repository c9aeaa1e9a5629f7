package io.windshift.listener;

import org.springframework.context.ApplicationEvent;

/**
 * Base class of the events about a {@link ListenerContainer}, published as Spring
 * application events: listen with {@code @EventListener}. The source is the container.
 */
public abstract class ListenerContainerEvent extends ApplicationEvent {

	protected ListenerContainerEvent(ListenerContainer container) {
		super(container);
	}

	/** The container the event is about. */
	public ListenerContainer getContainer() {
		return (ListenerContainer) getSource();
	}

	/** The id of the listener the container runs. */
	public String getListenerId() {
		return getContainer().getListenerId();
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + getListenerId() + "]";
	}

}
