package io.windshift.listener;

/**
 * Published when a listener container cannot start; what follows depends on the
 * {@link StartupFailurePolicy}.
 */
public class ListenerContainerFailedToStartEvent extends ListenerContainerEvent {

	private final Throwable failure;

	public ListenerContainerFailedToStartEvent(ListenerContainer container, Throwable failure) {
		super(container);
		this.failure = failure;
	}

	/** Why the container could not start. */
	public Throwable getFailure() {
		return this.failure;
	}

}
