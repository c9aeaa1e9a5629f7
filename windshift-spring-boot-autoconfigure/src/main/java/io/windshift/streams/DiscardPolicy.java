package io.windshift.streams;

/**
 * What a stream does when one of its limits is reached.
 */
public enum DiscardPolicy {

	/** Remove the oldest events to make room (the default). */
	OLD,

	/** Refuse new events until room is made. */
	NEW

}
