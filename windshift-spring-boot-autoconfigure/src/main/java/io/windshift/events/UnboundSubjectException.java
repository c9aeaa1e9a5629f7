package io.windshift.events;

/**
 * No stream takes the subject an event was published to (the server answered "no
 * responders", and JetStream confirmed that no stream takes the subject). Nothing was
 * stored. Not retryable: define a stream whose subjects cover it. While a replicated
 * stream that takes the subject has no leader (an election), a publish fails with a
 * retryable {@link WindshiftException} instead.
 */
public class UnboundSubjectException extends WindshiftException {

	private static final long serialVersionUID = 1L;

	private final String subject;

	public UnboundSubjectException(String subject, Throwable cause) {
		super("No stream takes subject '" + subject
				+ "': define a stream whose subjects cover it (or check that JetStream is enabled on the server)",
				cause, false);
		this.subject = subject;
	}

	/** The subject no stream takes. */
	public String subject() {
		return this.subject;
	}

}
