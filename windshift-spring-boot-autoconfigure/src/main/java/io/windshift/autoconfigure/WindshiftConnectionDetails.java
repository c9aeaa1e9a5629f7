package io.windshift.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.core.io.Resource;

/**
 * Where and how to connect to NATS. By default backed by {@code windshift.nats.*}; other
 * sources (a Testcontainers {@code @ServiceConnection}, the local development server)
 * supply their own. At most one authentication method may be set.
 */
public interface WindshiftConnectionDetails extends ConnectionDetails {

	/** The server URLs, never empty. */
	List<String> getServers();

	/** User name for user/password authentication, or {@code null}. */
	default @Nullable String getUsername() {
		return null;
	}

	/** Password for user/password authentication, or {@code null}. */
	default @Nullable String getPassword() {
		return null;
	}

	/** Token for token authentication, or {@code null}. */
	default @Nullable String getToken() {
		return null;
	}

	/** NKey seed for nkey authentication, or {@code null}. */
	default @Nullable String getNkey() {
		return null;
	}

	/**
	 * A {@code .creds} file (user JWT and seed) for JWT authentication, or {@code null}.
	 */
	default @Nullable Resource getCredentials() {
		return null;
	}

	/**
	 * The SSL bundle to connect with TLS (mutual TLS when it has key material), or
	 * {@code null}.
	 */
	default @Nullable SslBundle getSslBundle() {
		return null;
	}

}
