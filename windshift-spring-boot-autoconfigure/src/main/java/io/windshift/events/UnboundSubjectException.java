package io.windshift.events;

/**
 * No stream takes the subject an event was published to (the server answered "no responders"). Nothing was
 * stored. Not retryable: define a stream whose subjects cover it.
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
