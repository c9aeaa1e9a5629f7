package io.windshift.listener;

/**
 * What happens when a listener container cannot start (its stream does not exist, the
 * server refuses its consumer): {@code windshift.listener.startup-failure}. Every policy
 * logs the failure and publishes a {@link ListenerContainerFailedToStartEvent}.
 */
public enum StartupFailurePolicy {

	/** The application context fails to start, naming the listener (the default). */
	FAIL,

	/**
	 * The application starts; the container tries again in the background with a growing
	 * delay.
	 */
	RETRY,

	/**
	 * The application starts without the listener; it can be started later through the
	 * registry.
	 */
	CONTINUE

}
