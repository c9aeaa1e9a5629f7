package io.windshift.events;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A publish did not complete in time: either it could not be sent (the connection did not
 * come back, or too many publishes were in flight) or the server's acknowledgement did
 * not arrive. Retryable. In the second case ({@link #isOutcomeUnknown()}) the event may
 * have been stored: retry only with an idempotency key, or accept a possible duplicate.
 */
public class PublishTimeoutException extends WindshiftException {

	private static final long serialVersionUID = 1L;

	private final String subject;

	private final Duration timeout;

	private final boolean outcomeUnknown;

	public PublishTimeoutException(String subject, Duration timeout, boolean outcomeUnknown, String reason,
			@Nullable Throwable cause) {
		super("Publish to '" + subject + "' timed out after " + timeout + ": " + reason
				+ (outcomeUnknown ? " (the event may or may not have been stored)" : " (nothing was sent)"), cause,
				true);
		this.subject = subject;
		this.timeout = timeout;
		this.outcomeUnknown = outcomeUnknown;
	}

	/** The subject published to. */
	public String subject() {
		return this.subject;
	}

	/** The timeout that elapsed. */
	public Duration timeout() {
		return this.timeout;
	}

	/**
	 * Whether the event was sent and may have been stored ({@code true}), or was
	 * certainly not sent ({@code false}).
	 */
	public boolean isOutcomeUnknown() {
		return this.outcomeUnknown;
	}

}
