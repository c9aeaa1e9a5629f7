package io.windshift.events;

/**
 * A received event that can never be handled: no or an unknown {@code WS-Data-Type}, a
 * type the listener does not take, bytes that do not parse, or a malformed
 * {@code WS-Published-Time}. It never reaches a listener method; it is dead-lettered or
 * terminated.
 */
public class PoisonEventException extends WindshiftException {

	private static final long serialVersionUID = 1L;

	public PoisonEventException(String message) {
		super(message);
	}

	public PoisonEventException(String message, Throwable cause) {
		super(message, cause);
	}

}
