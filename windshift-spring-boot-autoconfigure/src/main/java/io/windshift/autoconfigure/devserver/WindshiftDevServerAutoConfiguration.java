package io.windshift.autoconfigure.devserver;

import io.windshift.autoconfigure.PropertiesWindshiftConnectionDetails;
import io.windshift.autoconfigure.WindshiftConnectionAutoConfiguration;
import io.windshift.autoconfigure.WindshiftConnectionDetails;
import io.windshift.autoconfigure.WindshiftNatsProperties;

import io.nats.client.Connection;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the local development server
 * ({@code windshift.dev-server.enabled=true}): when no NATS server is reachable at
 * {@code windshift.nats.servers}, a local {@code nats-server} with JetStream is started
 * and the connection is pointed at it. Backs off when other connection details (a
 * Testcontainers {@code @ServiceConnection}, say) are defined.
 */
@AutoConfiguration(before = WindshiftConnectionAutoConfiguration.class, after = SslAutoConfiguration.class)
@ConditionalOnClass(Connection.class)
@ConditionalOnBooleanProperty("windshift.dev-server.enabled")
@ConditionalOnMissingBean(WindshiftConnectionDetails.class)
@EnableConfigurationProperties({ WindshiftDevServerProperties.class, WindshiftNatsProperties.class })
public final class WindshiftDevServerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	NatsDevServer natsDevServer(WindshiftNatsProperties natsProperties, WindshiftDevServerProperties properties) {
		return NatsDevServer.startIfUnreachable(natsProperties.getServers(), properties);
	}

	@Bean
	WindshiftConnectionDetails windshiftConnectionDetails(NatsDevServer natsDevServer,
			WindshiftNatsProperties natsProperties, ObjectProvider<SslBundles> sslBundles) {
		return new DevServerWindshiftConnectionDetails(natsDevServer,
				new PropertiesWindshiftConnectionDetails(natsProperties, sslBundles.getIfAvailable()));
	}

}
