package io.windshift.autoconfigure.devserver;

import io.windshift.autoconfigure.WindshiftConnectionDetails;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.core.io.Resource;

/**
 * {@link WindshiftConnectionDetails} that point at the local {@link NatsDevServer} when
 * it runs (plaintext, no authentication), and otherwise at what {@code windshift.nats.*}
 * configures.
 */
class DevServerWindshiftConnectionDetails implements WindshiftConnectionDetails {

	private final NatsDevServer devServer;

	private final WindshiftConnectionDetails configured;

	DevServerWindshiftConnectionDetails(NatsDevServer devServer, WindshiftConnectionDetails configured) {
		this.devServer = devServer;
		this.configured = configured;
	}

	private boolean local() {
		return this.devServer.getUrl() != null;
	}

	@Override
	public List<String> getServers() {
		String url = this.devServer.getUrl();
		return (url != null) ? List.of(url) : this.configured.getServers();
	}

	@Override
	public @Nullable String getUsername() {
		return local() ? null : this.configured.getUsername();
	}

	@Override
	public @Nullable String getPassword() {
		return local() ? null : this.configured.getPassword();
	}

	@Override
	public @Nullable String getToken() {
		return local() ? null : this.configured.getToken();
	}

	@Override
	public @Nullable String getNkey() {
		return local() ? null : this.configured.getNkey();
	}

	@Override
	public @Nullable Resource getCredentials() {
		return local() ? null : this.configured.getCredentials();
	}

	@Override
	public @Nullable SslBundle getSslBundle() {
		return local() ? null : this.configured.getSslBundle();
	}

}
