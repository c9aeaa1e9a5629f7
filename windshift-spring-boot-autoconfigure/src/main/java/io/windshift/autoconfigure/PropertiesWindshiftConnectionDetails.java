package io.windshift.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.io.Resource;
import org.springframework.util.StringUtils;

/**
 * {@link WindshiftConnectionDetails} from {@code windshift.nats.*}.
 */
public class PropertiesWindshiftConnectionDetails implements WindshiftConnectionDetails {

	private final WindshiftNatsProperties properties;

	private final @Nullable SslBundles sslBundles;

	/**
	 * Connection details read from the given properties.
	 * @param properties the {@code windshift.nats.*} properties
	 * @param sslBundles the SSL bundles, when SSL is configured
	 */
	public PropertiesWindshiftConnectionDetails(WindshiftNatsProperties properties, @Nullable SslBundles sslBundles) {
		this.properties = properties;
		this.sslBundles = sslBundles;
	}

	@Override
	public List<String> getServers() {
		return this.properties.getServers();
	}

	@Override
	public @Nullable String getUsername() {
		return this.properties.getUsername();
	}

	@Override
	public @Nullable String getPassword() {
		return this.properties.getPassword();
	}

	@Override
	public @Nullable String getToken() {
		return this.properties.getToken();
	}

	@Override
	public @Nullable String getNkey() {
		return this.properties.getNkey();
	}

	@Override
	public @Nullable Resource getCredentials() {
		return this.properties.getCredentials();
	}

	@Override
	public @Nullable SslBundle getSslBundle() {
		String name = this.properties.getSsl().getBundle();
		if (!StringUtils.hasText(name)) {
			return null;
		}
		if (this.sslBundles == null) {
			throw new IllegalStateException("windshift.nats.ssl.bundle is set to '" + name
					+ "' but no SSL bundles are configured (spring.ssl.bundle.*); refusing to connect without TLS");
		}
		try {
			return this.sslBundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new IllegalStateException("windshift.nats.ssl.bundle names SSL bundle '" + name
					+ "', which does not exist; define it under spring.ssl.bundle.pem." + name
					+ ".* or spring.ssl.bundle.jks." + name + ".* (refusing to connect without TLS)", ex);
		}
	}

	@Override
	public String toString() {
		return "PropertiesWindshiftConnectionDetails" + NatsServerUrls.redact(getServers());
	}

}
