package io.windshift.streams;

/**
 * Where a stream keeps its events.
 */
public enum StorageType {

	/** On disk (the default). */
	FILE,

	/** In memory only; lost when the server restarts. */
	MEMORY

}
