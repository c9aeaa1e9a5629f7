package io.windshift.streams;

/**
 * When a stream removes events other than by its limits. The server cannot change it on
 * an existing stream.
 */
public enum RetentionPolicy {

	/**
	 * Events stay until a limit (age, count, bytes) removes them, whoever read them (the
	 * default).
	 */
	LIMITS,

	/**
	 * Events stay while some consumer has not acknowledged them; an event no consumer was
	 * interested in when it arrived is removed at once.
	 */
	INTEREST,

	/**
	 * Each event is removed once one consumer acknowledged it. Consumers of such a stream
	 * start at its first event and must not overlap: each subject has one consumer at
	 * most.
	 */
	WORK_QUEUE

}
