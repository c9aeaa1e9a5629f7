package io.windshift.autoconfigure.diagnostics;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Explains a {@code @WindshiftListener} method the starter cannot run: an unsupported
 * parameter, an invalid attribute, an unknown reject policy or container factory. The
 * failure is found by its message anywhere in the chain of causes (the annotation
 * post-processor and the container factory both start theirs with
 * "Invalid @WindshiftListener" / "Invalid listener").
 */
class InvalidListenerFailureAnalyzer implements FailureAnalyzer {

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			String message = cause.getMessage();
			if (message != null
					&& (message.startsWith("Invalid listener ") || message.startsWith("Invalid @WindshiftListener "))) {
				return new FailureAnalysis(message,
						"Correct the @WindshiftListener method named above: its parameter must be a generated "
								+ "protobuf message, Event<T> of one, or com.google.protobuf.Message; its attributes "
								+ "must be valid (durations such as 10s, positive numbers, a consumeFrom of new, "
								+ "start, end, id:<n> or time:<instant>), and the beans it names (rejectPolicy, "
								+ "containerFactory) must exist.",
						cause);
			}
		}
		return null;
	}

}
