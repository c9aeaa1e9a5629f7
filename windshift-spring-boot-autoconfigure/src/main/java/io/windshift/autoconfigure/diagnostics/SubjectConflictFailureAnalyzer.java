package io.windshift.autoconfigure.diagnostics;

import io.windshift.admin.SubjectConflictException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a stream declaration whose subjects another stream already holds.
 */
class SubjectConflictFailureAnalyzer extends AbstractFailureAnalyzer<SubjectConflictException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SubjectConflictException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"A subject belongs to one stream only. Remove the subject from the declaration of stream '"
						+ cause.getStream() + "' or from stream '" + cause.getOtherStream()
						+ "' (a stream that copies the other's events declares it as a source or mirror instead).",
				cause);
	}

}
