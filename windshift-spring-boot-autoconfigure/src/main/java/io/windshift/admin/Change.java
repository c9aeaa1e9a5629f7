package io.windshift.admin;

/**
 * One difference between a stream or consumer on the server and its declaration.
 *
 * @param field the setting, named as in the definition builders (e.g. {@code maxAge})
 * @param current the value on the server, formatted for people
 * @param declared the declared value, formatted for people
 * @param kind whether and how it can be applied
 */
public record Change(String field, String current, String declared, Kind kind) {

	/** How a change can be applied. */
	public enum Kind {

		/** Applied by an update, no stored event is lost. */
		SAFE,

		/**
		 * Applied by an update, but stored events may be deleted; refused unless allowed.
		 */
		DESTRUCTIVE,

		/** The server cannot change it on an existing stream or consumer. */
		IMPOSSIBLE,

		/**
		 * Deliberately left as it is on the server (the position of an existing durable
		 * consumer).
		 */
		KEPT

	}

	@Override
	public String toString() {
		return this.field + " from " + this.current + " to " + this.declared;
	}

}
