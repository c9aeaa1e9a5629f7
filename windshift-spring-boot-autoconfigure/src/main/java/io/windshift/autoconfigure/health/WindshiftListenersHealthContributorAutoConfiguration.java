package io.windshift.autoconfigure.health;

import io.nats.client.Connection;
import io.windshift.autoconfigure.WindshiftListenerAutoConfiguration;
import io.windshift.autoconfigure.WindshiftObservationAutoConfiguration;
import io.windshift.autoconfigure.WindshiftObservationProperties;
import io.windshift.listener.WindshiftListenerActivity;
import io.windshift.listener.WindshiftListenerEndpointRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code windshift} health contributor
 * ({@link WindshiftListenersHealthIndicator}): the health of every listener, next to the
 * {@code nats} contributor of the connection. Turn it off with
 * {@code management.health.windshift.enabled=false}.
 */
@AutoConfiguration(after = { WindshiftListenerAutoConfiguration.class, WindshiftObservationAutoConfiguration.class })
@ConditionalOnClass({ WindshiftListenerEndpointRegistry.class, AbstractHealthIndicator.class,
		ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean({ WindshiftListenerEndpointRegistry.class, Connection.class })
@ConditionalOnEnabledHealthIndicator("windshift")
public final class WindshiftListenersHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "windshiftHealthIndicator")
	WindshiftListenersHealthIndicator windshiftHealthIndicator(WindshiftListenerEndpointRegistry registry,
			ObjectProvider<WindshiftListenerActivity> activity, Connection connection,
			ObjectProvider<WindshiftObservationProperties> properties) {
		WindshiftObservationProperties settings = properties.getIfAvailable(WindshiftObservationProperties::new);
		return new WindshiftListenersHealthIndicator(registry, activity.getIfAvailable(WindshiftListenerActivity::new),
				connection, settings.getHealth().getNoProgressTimeout());
	}

}
