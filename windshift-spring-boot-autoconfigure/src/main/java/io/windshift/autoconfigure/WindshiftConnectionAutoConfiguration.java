package io.windshift.autoconfigure;

import java.util.regex.Pattern;

import io.nats.client.Connection;
import io.nats.client.JetStreamOptions;
import io.nats.client.Options;
import io.windshift.events.PermissionViolations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration of the NATS {@link Connection} from
 * {@link WindshiftConnectionDetails} (by default {@code windshift.nats.*}). The
 * connection is drained and closed when the context closes.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@ConditionalOnClass(Connection.class)
@EnableConfigurationProperties(WindshiftNatsProperties.class)
public final class WindshiftConnectionAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WindshiftConnectionDetails windshiftConnectionDetails(WindshiftNatsProperties properties,
			ObjectProvider<SslBundles> sslBundles) {
		return new PropertiesWindshiftConnectionDetails(properties, sslBundles.getIfAvailable());
	}

	/**
	 * The permission violations the server reports on the auto-configured connection (fed
	 * by its error listener), so that publishes and listeners can report a denied subject
	 * instead of a timeout.
	 */
	@Bean
	@ConditionalOnMissingBean
	PermissionViolations windshiftPermissionViolations() {
		return new PermissionViolations();
	}

	@Bean
	@ConditionalOnMissingBean(Connection.class)
	NatsConnectionManager natsConnectionManager(WindshiftNatsProperties properties,
			WindshiftConnectionDetails connectionDetails, ObjectProvider<NatsOptionsBuilderCustomizer> customizers,
			Environment environment, ObjectProvider<PermissionViolations> permissionViolations) {
		Options options = new NatsOptionsFactory(properties, connectionDetails,
				environment.getProperty("spring.application.name"), customizers.orderedStream().toList())
			.create();
		PermissionViolations violations = permissionViolations.getIfUnique();
		if (violations != null) {
			// the server reports a denied subject only to the connection's error listener
			// (a user's one is kept)
			options = new Options.Builder(options)
				.errorListener(new ConnectionCapturingErrorListener(options.getErrorListener(), (connection) -> {
				}, (ex) -> {
				}, violations::record))
				.build();
		}
		if (properties.isConnectInBackground()) {
			return NatsConnectionManager.connectInBackground(options, connectionDetails.getServers(),
					properties.getDrainTimeout());
		}
		return NatsConnectionManager.connect(options, connectionDetails.getServers(), properties.getDrainTimeout());
	}

	/**
	 * Which JetStream every Windshift component uses:
	 * {@code windshift.nats.jetstream.domain} or {@code api-prefix}, then the
	 * customizers.
	 */
	@Bean
	@ConditionalOnMissingBean
	JetStreamOptions windshiftJetStreamOptions(WindshiftNatsProperties properties,
			ObjectProvider<JetStreamOptionsCustomizer> customizers) {
		WindshiftNatsProperties.Jetstream jetstream = properties.getJetstream();
		if (StringUtils.hasText(jetstream.getDomain()) && StringUtils.hasText(jetstream.getApiPrefix())) {
			throw new IllegalStateException("Set either windshift.nats.jetstream.domain or "
					+ "windshift.nats.jetstream.api-prefix, not both (a domain is the prefix $JS.<domain>.API)");
		}
		JetStreamOptions.Builder builder = JetStreamOptions.builder();
		PropertyMapper map = PropertyMapper.get();
		map.from(jetstream.getDomain()).when(StringUtils::hasText).to(builder::domain);
		map.from(jetstream.getApiPrefix()).when(StringUtils::hasText).to(builder::prefix);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	@Bean(destroyMethod = "")
	@ConditionalOnMissingBean
	Connection natsConnection(NatsConnectionManager natsConnectionManager) {
		return natsConnectionManager.getConnection();
	}

	/**
	 * Masks the NATS secrets in the {@code env} and {@code configprops} actuator
	 * endpoints, even when they are configured to show values.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SanitizingFunction.class)
	static class SanitizingConfiguration {

		private static final Pattern SECRET_KEY = Pattern
			.compile("windshift\\.nats\\.(password|token|nkey|credentials)", Pattern.CASE_INSENSITIVE);

		private static final Pattern SERVERS_KEY = Pattern.compile("windshift\\.nats\\.servers(\\[\\d+\\])?",
				Pattern.CASE_INSENSITIVE);

		@Bean
		SanitizingFunction windshiftNatsSanitizingFunction() {
			return (data) -> {
				String key = data.getKey();
				if (SECRET_KEY.matcher(key).matches()) {
					return data.withSanitizedValue();
				}
				if (SERVERS_KEY.matcher(key).matches() && data.getValue() != null
						&& String.valueOf(data.getValue()).contains("@")) {
					return data.withSanitizedValue();
				}
				return data;
			};
		}

	}

}
