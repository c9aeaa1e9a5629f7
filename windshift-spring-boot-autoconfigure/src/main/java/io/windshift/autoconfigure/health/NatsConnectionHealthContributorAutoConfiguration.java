package io.windshift.autoconfigure.health;

import io.windshift.autoconfigure.WindshiftConnectionAutoConfiguration;

import io.nats.client.Connection;
import io.nats.client.JetStreamOptions;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code nats} health contributor
 * ({@link NatsConnectionHealthIndicator}) when Spring Boot's health support is present.
 * Turn it off with {@code management.health.nats.enabled=false}.
 */
@AutoConfiguration(after = WindshiftConnectionAutoConfiguration.class)
@ConditionalOnClass({ Connection.class, AbstractHealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(Connection.class)
@ConditionalOnEnabledHealthIndicator("nats")
public final class NatsConnectionHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "natsHealthIndicator")
	NatsConnectionHealthIndicator natsHealthIndicator(Connection connection,
			ObjectProvider<JetStreamOptions> jetStreamOptions) {
		return new NatsConnectionHealthIndicator(connection,
				jetStreamOptions.getIfAvailable(JetStreamOptions::defaultOptions));
	}

}
