package io.windshift.autoconfigure.endpoint;

import io.nats.client.Connection;
import io.nats.client.JetStreamOptions;
import io.windshift.autoconfigure.WindshiftListenerAutoConfiguration;
import io.windshift.autoconfigure.WindshiftObservationAutoConfiguration;
import io.windshift.listener.WindshiftListenerActivity;
import io.windshift.listener.WindshiftListenerEndpointRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code windshift} Actuator endpoint
 * ({@link WindshiftEndpoint}), when it is enabled and exposed
 * ({@code management.endpoints.web.exposure.include=windshift}).
 */
@AutoConfiguration(after = { WindshiftListenerAutoConfiguration.class, WindshiftObservationAutoConfiguration.class })
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class, WindshiftListenerEndpointRegistry.class })
@ConditionalOnBean(Connection.class)
@ConditionalOnAvailableEndpoint(WindshiftEndpoint.class)
public final class WindshiftEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WindshiftEndpoint windshiftEndpoint(Connection connection,
			ObjectProvider<WindshiftListenerEndpointRegistry> registry,
			ObjectProvider<WindshiftListenerActivity> activity, ObjectProvider<JetStreamOptions> jetStreamOptions) {
		return new WindshiftEndpoint(connection, registry.getIfAvailable(), activity.getIfAvailable(),
				jetStreamOptions.getIfAvailable(JetStreamOptions::defaultOptions));
	}

}
