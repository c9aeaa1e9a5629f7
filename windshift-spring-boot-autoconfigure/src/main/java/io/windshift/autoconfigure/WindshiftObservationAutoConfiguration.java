package io.windshift.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import io.windshift.observation.PublishObservationConvention;
import io.windshift.observation.PublishObservations;
import io.windshift.observation.TraceHeaders;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of Micrometer observations of publishing and listening, with trace context carried in
 * {@code WS-Trace-Parent} / {@code WS-Trace-State}. Uses the application's {@link ObservationRegistry} (Spring
 * Boot makes one with tracing and metrics handlers when those are on the class path); without one, or with
 * {@code windshift.observation.publish.enabled=false} / {@code windshift.observation.listener.enabled=false},
 * nothing is observed and nothing is allocated per event. Declare a {@link PublishObservationConvention} or
 * {@code ListenerObservationConvention} bean to change names and attributes.
 */
@AutoConfiguration(before = WindshiftTemplateAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@EnableConfigurationProperties(WindshiftObservationProperties.class)
public final class WindshiftObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TraceHeaders windshiftTraceHeaders(WindshiftObservationProperties properties) {
		return new TraceHeaders(properties.isWriteStandardTraceHeaders());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "windshift.observation.publish.enabled", matchIfMissing = true)
	PublishObservations windshiftPublishObservations(ObjectProvider<ObservationRegistry> registry,
			ObjectProvider<PublishObservationConvention> convention, TraceHeaders traceHeaders) {
		return new PublishObservations(registry.getIfUnique(() -> ObservationRegistry.NOOP), convention.getIfUnique(),
				traceHeaders);
	}

}
