package io.windshift.autoconfigure.diagnostics;

import java.util.stream.Collectors;

import io.windshift.admin.Change;
import io.windshift.admin.DestructiveChangeException;
import io.windshift.admin.WindshiftAdmin;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a declaration that would throw away stored events and was refused.
 */
class DestructiveChangeFailureAnalyzer extends AbstractFailureAnalyzer<DestructiveChangeException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DestructiveChangeException cause) {
		String changes = cause.getChanges()
			.stream()
			.map(Change::toString)
			.collect(Collectors.joining(System.lineSeparator() + "\t- ", System.lineSeparator() + "\t- ", ""));
		return new FailureAnalysis(cause.getMessage() + System.lineSeparator() + "Refused changes:" + changes,
				"Declare the values the stream has now to keep its events, or, if losing the events the change "
						+ "removes is intended, set " + WindshiftAdmin.ALLOW_DESTRUCTIVE_CHANGES_PROPERTY
						+ "=true for one start.",
				cause);
	}

}
