package io.windshift.admin;

import io.windshift.events.WindshiftException;

import org.jspecify.annotations.Nullable;

/**
 * A stream or consumer could not be created or updated as declared. The message names the
 * stream (and consumer), the setting at fault and what to do about it.
 */
public class DeclarationException extends WindshiftException {

	private static final long serialVersionUID = 1L;

	public DeclarationException(String message) {
		super(message);
	}

	public DeclarationException(String message, @Nullable Throwable cause) {
		this(message, cause, false);
	}

	public DeclarationException(String message, @Nullable Throwable cause, boolean retryable) {
		super(message, cause, retryable);
	}

}
