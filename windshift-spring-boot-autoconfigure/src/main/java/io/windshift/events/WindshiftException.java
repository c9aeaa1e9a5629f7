package io.windshift.events;

import org.jspecify.annotations.Nullable;

/**
 * Base of every error Windshift raises. Unchecked; {@link #isRetryable()} tells whether
 * trying the same call again may succeed.
 */
public class WindshiftException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final boolean retryable;

	public WindshiftException(String message) {
		this(message, null, false);
	}

	public WindshiftException(String message, @Nullable Throwable cause) {
		this(message, cause, false);
	}

	public WindshiftException(String message, @Nullable Throwable cause, boolean retryable) {
		super(message, cause);
		this.retryable = retryable;
	}

	/**
	 * Whether trying the same call again may succeed (a timeout or a lost connection,
	 * say).
	 */
	public boolean isRetryable() {
		return this.retryable;
	}

}
