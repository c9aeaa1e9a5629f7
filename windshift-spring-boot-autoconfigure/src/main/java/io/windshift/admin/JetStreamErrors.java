package io.windshift.admin;

import io.nats.client.JetStreamApiException;

/**
 * The JetStream API error codes the admin reacts to, and the translation of any other
 * refusal into a clear message without raw codes.
 */
final class JetStreamErrors {

	/** Stream name already in use with a different configuration. */
	static final int STREAM_NAME_IN_USE = 10058;

	/** Stream not found. */
	static final int STREAM_NOT_FOUND = 10059;

	/** Subjects overlap with an existing stream. */
	static final int SUBJECTS_OVERLAP = 10065;

	/** Consumer not found. */
	static final int CONSUMER_NOT_FOUND = 10014;

	/** Consumer name already in use. */
	static final int CONSUMER_NAME_IN_USE = 10013;

	/** Consumer already exists (with a different configuration). */
	static final int CONSUMER_ALREADY_EXISTS = 10148;

	/** Consumer does not exist (on an update). */
	static final int CONSUMER_DOES_NOT_EXIST = 10149;

	/** Replicas above 1 on a server that is not clustered. */
	static final int REPLICAS_NOT_SUPPORTED = 10074;

	/** Insufficient resources (for example fewer servers than replicas). */
	static final int INSUFFICIENT_RESOURCES = 10023;

	/** No server is suitable for a stream's placement (cluster, tags). */
	static final int NO_SUITABLE_PEERS = 10005;

	/** JetStream is not enabled for the account. */
	static final int JETSTREAM_NOT_ENABLED_FOR_ACCOUNT = 10039;

	/** JetStream is not enabled. */
	static final int JETSTREAM_NOT_ENABLED = 10076;

	private JetStreamErrors() {
	}

	static boolean is(JetStreamApiException ex, int code) {
		return ex.getApiErrorCode() == code;
	}

	/**
	 * A clear failure for a refused request.
	 * @param action what was attempted, naming the stream or consumer, e.g. "Cannot
	 * create stream 'orders'"
	 * @param ex the refusal
	 * @return the exception to throw
	 */
	static DeclarationException translate(String action, JetStreamApiException ex) {
		String reason = switch (ex.getApiErrorCode()) {
			case REPLICAS_NOT_SUPPORTED ->
				"replicas above 1 need a clustered server; declare replicas 1 or " + "connect to a cluster";
			case INSUFFICIENT_RESOURCES ->
				"the servers lack resources for it (fewer servers than replicas, " + "or storage limits reached)";
			case JETSTREAM_NOT_ENABLED, JETSTREAM_NOT_ENABLED_FOR_ACCOUNT ->
				"JetStream is not enabled on the " + "server or for this account";
			default -> "the server refused it: " + describe(ex);
		};
		return new DeclarationException(action + ": " + reason, ex);
	}

	static String describe(JetStreamApiException ex) {
		String description = ex.getErrorDescription();
		return (description != null && !description.isBlank()) ? description : "no reason given";
	}

}
