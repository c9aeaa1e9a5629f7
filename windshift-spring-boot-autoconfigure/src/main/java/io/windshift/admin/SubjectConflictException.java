package io.windshift.admin;

import org.jspecify.annotations.Nullable;

/**
 * A declared subject is already bound to another stream.
 */
public class SubjectConflictException extends DeclarationException {

	private static final long serialVersionUID = 1L;

	private final String stream;

	private final String otherStream;

	public SubjectConflictException(String message, String stream, String otherStream) {
		this(message, stream, otherStream, null);
	}

	public SubjectConflictException(String message, String stream, String otherStream, @Nullable Throwable cause) {
		super(message, cause);
		this.stream = stream;
		this.otherStream = otherStream;
	}

	/** The stream being declared. */
	public String getStream() {
		return this.stream;
	}

	/** The stream that already has the subject. */
	public String getOtherStream() {
		return this.otherStream;
	}

}
