package io.windshift.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.nats.client.AuthHandler;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.core.io.Resource;
import org.springframework.util.StringUtils;

/**
 * Builds the jnats {@link Options} from {@link WindshiftConnectionDetails},
 * {@link WindshiftNatsProperties} and the {@link NatsOptionsBuilderCustomizer
 * customizers}. Rejects ambiguous authentication settings with an error that names the
 * properties, never their values.
 */
final class NatsOptionsFactory {

	private final WindshiftNatsProperties properties;

	private final WindshiftConnectionDetails details;

	private final @Nullable String applicationName;

	private final List<NatsOptionsBuilderCustomizer> customizers;

	NatsOptionsFactory(WindshiftNatsProperties properties, WindshiftConnectionDetails details,
			@Nullable String applicationName, List<NatsOptionsBuilderCustomizer> customizers) {
		this.properties = properties;
		this.details = details;
		this.applicationName = applicationName;
		this.customizers = customizers;
	}

	Options.Builder createBuilder() {
		List<String> servers = this.details.getServers();
		if (servers == null || servers.isEmpty() || servers.stream().noneMatch(StringUtils::hasText)) {
			throw new IllegalStateException("windshift.nats.servers is empty: configure at least one NATS server URL");
		}
		Options.Builder builder = Options.builder()
			.servers(servers.stream().filter(StringUtils::hasText).map(String::trim).toArray(String[]::new))
			.connectionTimeout(this.properties.getConnectionTimeout())
			.reconnectWait(this.properties.getReconnectWait())
			.maxReconnects(this.properties.getMaxReconnects())
			.pingInterval(this.properties.getPingInterval());
		String name = StringUtils.hasText(this.properties.getConnectionName()) ? this.properties.getConnectionName()
				: this.applicationName;
		if (StringUtils.hasText(name)) {
			builder.connectionName(name);
		}
		applyAuthentication(builder);
		SslBundle bundle = this.details.getSslBundle();
		if (bundle != null) {
			builder.sslContext(bundle.createSslContext());
		}
		for (NatsOptionsBuilderCustomizer customizer : this.customizers) {
			customizer.customize(builder);
		}
		return builder;
	}

	Options create() {
		return createBuilder().build();
	}

	private void applyAuthentication(Options.Builder builder) {
		String username = this.details.getUsername();
		String password = this.details.getPassword();
		String token = this.details.getToken();
		String nkey = this.details.getNkey();
		Resource credentials = this.details.getCredentials();
		List<String> methods = new ArrayList<>();
		if (StringUtils.hasLength(username) || StringUtils.hasLength(password)) {
			methods.add("windshift.nats.username/password");
		}
		if (StringUtils.hasLength(token)) {
			methods.add("windshift.nats.token");
		}
		if (StringUtils.hasLength(nkey)) {
			methods.add("windshift.nats.nkey");
		}
		if (credentials != null) {
			methods.add("windshift.nats.credentials");
		}
		if (methods.size() > 1) {
			throw new IllegalStateException("Conflicting NATS authentication settings: " + String.join(", ", methods)
					+ " are all set; configure only one authentication method");
		}
		if (StringUtils.hasLength(username) != StringUtils.hasLength(password)) {
			throw new IllegalStateException(
					StringUtils.hasLength(username) ? "windshift.nats.username is set without windshift.nats.password"
							: "windshift.nats.password is set without windshift.nats.username");
		}
		if (StringUtils.hasLength(username) && StringUtils.hasLength(password)) {
			builder.userInfo(username.toCharArray(), password.toCharArray());
		}
		else if (StringUtils.hasLength(token)) {
			builder.token(token.toCharArray());
		}
		else if (StringUtils.hasLength(nkey)) {
			builder.authHandler(new NkeySeedAuthHandler(nkey.trim().toCharArray()));
		}
		else if (credentials != null) {
			builder.authHandler(Nats.staticCredentials(readCredentials(credentials)));
		}
	}

	private static byte[] readCredentials(Resource credentials) {
		if (!credentials.exists()) {
			throw new IllegalStateException(
					"windshift.nats.credentials: " + credentials.getDescription() + " does not exist");
		}
		byte[] content;
		try (InputStream in = credentials.getInputStream()) {
			content = in.readAllBytes();
		}
		catch (IOException ex) {
			throw new IllegalStateException(
					"windshift.nats.credentials: could not read " + credentials.getDescription(), ex);
		}
		String text = new String(content, java.nio.charset.StandardCharsets.UTF_8);
		if (Stream.of("BEGIN NATS USER JWT", "BEGIN USER NKEY SEED").anyMatch((marker) -> !text.contains(marker))) {
			throw new IllegalStateException("windshift.nats.credentials: " + credentials.getDescription()
					+ " is not a NATS .creds file (it needs a user JWT and a user nkey seed block)");
		}
		return content;
	}

	/**
	 * Signs the server's nonce with an nkey seed. The seed is checked once up front so
	 * that a bad seed fails startup with a clear message (that never contains the seed).
	 */
	static final class NkeySeedAuthHandler implements AuthHandler {

		private final char[] seed;

		private final char[] publicKey;

		NkeySeedAuthHandler(char[] seed) {
			this.seed = seed;
			NKey key;
			try {
				key = NKey.fromSeed(seed);
				this.publicKey = key.getPublicKey();
			}
			catch (GeneralSecurityException | IOException | RuntimeException ex) {
				throw new IllegalStateException("windshift.nats.nkey is not a valid nkey seed");
			}
			if (key.getType() != NKey.Type.USER) {
				throw new IllegalStateException("windshift.nats.nkey is not a user nkey seed (it must start with SU)");
			}
		}

		@Override
		public byte[] sign(byte[] nonce) {
			try {
				return NKey.fromSeed(this.seed).sign(nonce);
			}
			catch (GeneralSecurityException | IOException ex) {
				throw new IllegalStateException("Could not sign the NATS nonce with windshift.nats.nkey");
			}
		}

		@Override
		public char[] getID() {
			return this.publicKey.clone();
		}

		@Override
		public char @Nullable [] getJWT() {
			return null;
		}

		@Override
		public String toString() {
			return "NkeySeedAuthHandler[" + new String(this.publicKey) + "]";
		}

	}

}
