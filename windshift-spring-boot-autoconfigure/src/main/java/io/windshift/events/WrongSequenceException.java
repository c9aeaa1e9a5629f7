package io.windshift.events;

import java.util.OptionalLong;

/**
 * An optimistic concurrency check failed: the stream's last id (or the subject's, for
 * {@link OutgoingEvent.Builder#expectedLastSubjectId}) was not the expected one. Nothing
 * was stored. Not retryable as is: read the current state and decide again.
 */
public class WrongSequenceException extends WindshiftException {

	private static final long serialVersionUID = 1L;

	private final String subject;

	private final long expectedId;

	private final boolean perSubject;

	private final long actualId;

	public WrongSequenceException(String subject, long expectedId, boolean perSubject, long actualId, Throwable cause) {
		super(message(subject, expectedId, perSubject, actualId), cause, false);
		this.subject = subject;
		this.expectedId = expectedId;
		this.perSubject = perSubject;
		this.actualId = actualId;
	}

	private static String message(String subject, long expectedId, boolean perSubject, long actualId) {
		String scope = perSubject ? "subject '" + subject + "'" : "the stream of subject '" + subject + "'";
		String actual = (actualId >= 0) ? " but it is " + actualId : " but it is not";
		return "Expected the last id of " + scope + " to be " + expectedId + actual + "; nothing was published";
	}

	/** The subject published to. */
	public String subject() {
		return this.subject;
	}

	/** The last id the publisher expected. */
	public long expectedId() {
		return this.expectedId;
	}

	/** Whether the per-subject check failed rather than the stream-wide one. */
	public boolean isPerSubject() {
		return this.perSubject;
	}

	/** The actual last id, when the server said which it is. */
	public OptionalLong actualId() {
		return (this.actualId >= 0) ? OptionalLong.of(this.actualId) : OptionalLong.empty();
	}

}
