package io.windshift.events;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.RequestFailureException;
import io.nats.client.RequestFailureReason;

/**
 * Tells a subject no stream takes from a stream without a leader, when a publish got "no
 * responders": the first is permanent ({@link UnboundSubjectException}), the second
 * retryable. Asks JetStream, so never called on a NATS client thread.
 */
final class UnboundSubjects {

	private final Connection connection;

	private final JetStreamOptions jetStreamOptions;

	UnboundSubjects(Connection connection, JetStreamOptions jetStreamOptions) {
		this.connection = connection;
		this.jetStreamOptions = jetStreamOptions;
	}

	/**
	 * "No responders" answers a publish both when no stream takes the subject and while
	 * the stream that takes it has no leader (a replicated stream electing a new one
	 * after a server was lost). Asks JetStream which it is: only the first is permanent;
	 * the second is retryable, and nothing was stored in either case.
	 */
	WindshiftException confirm(UnboundSubjectException unbound, Duration timeout) {
		Throwable cause = (unbound.getCause() != null) ? unbound.getCause() : unbound;
		if (this.connection.getServerInfo() == null || !this.connection.getServerInfo().isJetStreamAvailable()) {
			return unbound;
		}
		long start = System.nanoTime();
		try {
			List<String> streams = this.connection
				.jetStreamManagement(JetStreamOptions.builder(this.jetStreamOptions).requestTimeout(timeout).build())
				.getStreamNames(unbound.subject());
			if (streams.isEmpty()) {
				return unbound;
			}
			return new WindshiftException("Stream '" + streams.get(0) + "' takes subject '" + unbound.subject()
					+ "' but did not answer: it has no leader at the moment (an election after a server was lost, "
					+ "or too few servers are up); nothing was stored, retry", cause, true);
		}
		catch (JetStreamApiException ex) {
			// JetStream answered, but could not serve (e.g. "JetStream system temporarily
			// unavailable")
			return notSaid(unbound, ex, cause);
		}
		catch (IOException | RuntimeException ex) {
			// jnats reports "no responders" to an API request like a timeout, only
			// sooner: then JetStream does
			// not answer at all (not enabled for this account); a real timeout means it
			// is busy electing
			boolean answeredAtOnce = System.nanoTime() - start < timeout.toNanos() / 2;
			if (isNoResponders(ex) || (answeredAtOnce && ex instanceof IOException
					&& String.valueOf(ex.getMessage()).startsWith("Timeout or no response"))) {
				return unbound;
			}
			return notSaid(unbound, ex, cause);
		}
	}

	private static WindshiftException notSaid(UnboundSubjectException unbound, Exception ex, Throwable cause) {
		return new WindshiftException("No stream answered for subject '" + unbound.subject()
				+ "' and JetStream did not say whether one takes it (" + ex.getMessage()
				+ "); the cluster may be electing a leader; nothing was stored, retry", cause, true);
	}

	private static boolean isNoResponders(Throwable ex) {
		for (Throwable current = ex; current != null; current = current.getCause()) {
			if (current instanceof RequestFailureException request
					&& request.getReason() == RequestFailureReason.NO_RESPONDERS) {
				return true;
			}
			if (String.valueOf(current.getMessage()).toLowerCase(Locale.ROOT).contains("no responders")) {
				return true;
			}
		}
		return false;
	}

}
