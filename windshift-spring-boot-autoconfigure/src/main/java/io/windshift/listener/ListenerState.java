package io.windshift.listener;

/**
 * The state of a listener container.
 */
public enum ListenerState {

	/** Fetching and handling events. */
	RUNNING,

	/** Started but not fetching; resumes on request. */
	PAUSED,

	/** Started, but the server or the consumer is unavailable; it recovers by itself. */
	RECOVERING,

	/** Not started, or stopped. */
	STOPPED

}
