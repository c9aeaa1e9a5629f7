package io.windshift.autoconfigure.diagnostics;

import org.jspecify.annotations.Nullable;

import io.windshift.events.WindshiftException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a startup that failed because no NATS server answered at
 * {@code windshift.nats.servers}.
 */
class NatsUnreachableFailureAnalyzer extends AbstractFailureAnalyzer<WindshiftException> {

	static final String MESSAGE_PREFIX = "Could not connect to NATS at ";

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, WindshiftException cause) {
		String message = cause.getMessage();
		if (message == null || !message.startsWith(MESSAGE_PREFIX)) {
			return null;
		}
		return new FailureAnalysis(message,
				"Start a NATS server with JetStream enabled (nats-server -js) at that address, or correct "
						+ "windshift.nats.servers. In development, windshift.dev-server.enabled=true starts a local "
						+ "nats-server; windshift.nats.connect-in-background=true starts the application without a "
						+ "server and connects once one is reachable.",
				cause);
	}

}
