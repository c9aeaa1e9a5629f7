package io.windshift.events;

import org.jspecify.annotations.Nullable;

/**
 * The NATS user may not publish to (or subscribe to) a subject: the server reported a
 * permission violation. Not retryable: grant the permission in the server's authorization
 * settings (or the user's JWT).
 */
public class PermissionDeniedException extends WindshiftException {

	private static final long serialVersionUID = 1L;

	private final String subject;

	public PermissionDeniedException(String message, String subject) {
		this(message, subject, null);
	}

	public PermissionDeniedException(String message, String subject, @Nullable Throwable cause) {
		super(message, cause, false);
		this.subject = subject;
	}

	/** Reports a publish the server refused. */
	static PermissionDeniedException publish(String subject, PermissionViolations.Violation violation) {
		return new PermissionDeniedException("Permission denied: the NATS user may not publish to subject '" + subject
				+ "' (server: " + violation.serverError() + "); nothing was stored", subject);
	}

	/** The subject that was denied. */
	public String subject() {
		return this.subject;
	}

}
