package io.windshift.events;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import io.nats.client.JetStreamApiException;
import io.nats.client.RequestFailureException;
import io.nats.client.RequestFailureReason;

/**
 * Turns what jnats throws for a publish into Windshift's typed exceptions, and decides
 * whether a failed publish may be retried.
 */
final class PublishErrors {

	/** JetStream API error: wrong last sequence (stream-wide or per subject). */
	static final int WRONG_LAST_SEQUENCE = 10071;

	private PublishErrors() {
	}

	/**
	 * Translates a failure that happened after the event was handed to the connection.
	 */
	static WindshiftException translate(OutgoingEvent event, Throwable failure, Duration timeout) {
		Throwable ex = unwrap(failure);
		String subject = event.subject();
		if (ex instanceof WindshiftException windshift) {
			return windshift;
		}
		if (ex instanceof JetStreamApiException api) {
			if (api.getApiErrorCode() == WRONG_LAST_SEQUENCE) {
				// when both checks were asked for, the server does not say which failed:
				// report the stream's
				boolean perSubject = event.expectedLastSubjectId() >= 0 && event.expectedLastId() < 0;
				long expected = perSubject ? event.expectedLastSubjectId() : event.expectedLastId();
				return new WrongSequenceException(subject, expected, perSubject, actualId(api), api);
			}
			return new WindshiftException("Publish to '" + subject + "' rejected by the server: "
					+ api.getErrorDescription() + " (JetStream error " + api.getApiErrorCode() + ")", api, false);
		}
		if (ex instanceof RequestFailureException request) {
			RequestFailureReason reason = request.getReason();
			if (reason == RequestFailureReason.NO_RESPONDERS) {
				return new UnboundSubjectException(subject, request);
			}
			if (reason == RequestFailureReason.TIMEOUT || reason == RequestFailureReason.CONNECTION_CLOSING) {
				return new PublishTimeoutException(subject, timeout, true,
						(reason == RequestFailureReason.TIMEOUT) ? "no acknowledgement from the server"
								: "the connection was lost before the acknowledgement arrived",
						request);
			}
			return new WindshiftException("Publish to '" + subject + "' failed: " + request.getMessage(), request,
					false);
		}
		if (ex instanceof IOException io) {
			String message = String.valueOf(io.getMessage());
			// jnats reports a 503 reply to a JetStream publish only through the exception
			// text
			if (message.startsWith("Error Publishing: 503")) {
				return new UnboundSubjectException(subject, io);
			}
			if (message.startsWith("Timeout or no response")) {
				return new PublishTimeoutException(subject, timeout, true, "no acknowledgement from the server", io);
			}
			return new WindshiftException("Publish to '" + subject + "' failed: " + message, io, false);
		}
		if (ex instanceof TimeoutException || ex instanceof CancellationException) {
			return new PublishTimeoutException(subject, timeout, true, "no acknowledgement from the server", ex);
		}
		if (ex instanceof InterruptedException) {
			Thread.currentThread().interrupt();
			return new WindshiftException("Interrupted while publishing to '" + subject + "'", ex, false);
		}
		if (ex instanceof IllegalStateException) {
			// the connection is closed or draining: nothing was sent
			return new WindshiftException("Cannot publish to '" + subject + "': " + ex.getMessage(), ex, false);
		}
		if (ex instanceof IllegalArgumentException) {
			// e.g. the payload exceeds the server's max_payload: nothing was sent
			return new WindshiftException("Cannot publish to '" + subject + "': " + ex.getMessage(), ex, false);
		}
		return new WindshiftException("Publish to '" + subject + "' failed: " + ex, ex, false);
	}

	/**
	 * Whether a failed attempt may be made again: only retryable failures, and without an
	 * idempotency key only those after which the event was certainly not stored.
	 */
	static boolean mayRetry(OutgoingEvent event, Throwable failure) {
		if (!(failure instanceof WindshiftException windshift) || !windshift.isRetryable()) {
			return false;
		}
		if (event.idempotencyKey() != null) {
			return true;
		}
		return !(failure instanceof PublishTimeoutException timeout && timeout.isOutcomeUnknown());
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable ex = failure;
		while (ex.getCause() != null && (ex instanceof CompletionException || ex instanceof ExecutionException
				|| (ex.getClass() == RuntimeException.class
						&& (ex.getCause() instanceof IOException || ex.getCause() instanceof JetStreamApiException)))) {
			ex = ex.getCause();
		}
		return ex;
	}

	private static long actualId(JetStreamApiException api) {
		String description = api.getErrorDescription();
		if (description == null) {
			return -1;
		}
		int colon = description.lastIndexOf(':');
		if (colon < 0) {
			return -1;
		}
		try {
			return Long.parseLong(description.substring(colon + 1).trim());
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

}
