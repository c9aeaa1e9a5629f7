package io.windshift.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.windshift.listener.ListenerObserver;
import io.windshift.listener.ObservingListenerObserver;
import io.windshift.listener.WindshiftListenerActivity;
import io.windshift.listener.WindshiftListenerEndpointRegistry;
import io.windshift.listener.WindshiftListenerMetrics;
import io.windshift.observation.ListenerObservationConvention;
import io.windshift.observation.ListenerObservations;
import io.windshift.observation.PublishObservationConvention;
import io.windshift.observation.PublishObservations;
import io.windshift.observation.TraceHeaders;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Auto-configuration of Micrometer observations of publishing and listening, with trace
 * context carried in {@code WS-Trace-Parent} / {@code WS-Trace-State}, and of listener
 * metrics. Uses the application's {@link ObservationRegistry} (Spring Boot makes one with
 * tracing and metrics handlers when those are on the class path); without one, or with
 * {@code windshift.observation.publish.enabled=false} /
 * {@code windshift.observation.listener.enabled=false}, nothing is observed and nothing
 * is allocated per event. Declare a {@link PublishObservationConvention} or
 * {@link ListenerObservationConvention} bean to change names and attributes.
 */
@AutoConfiguration(after = WindshiftListenerAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
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

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ListenerObserver.class)
	static class ListenerObservationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WindshiftListenerActivity windshiftListenerActivity() {
			return new WindshiftListenerActivity();
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBooleanProperty(name = "windshift.observation.listener.enabled", matchIfMissing = true)
		ListenerObservations windshiftListenerObservations(ObjectProvider<ObservationRegistry> registry,
				ObjectProvider<ListenerObservationConvention> convention) {
			return new ListenerObservations(registry.getIfUnique(() -> ObservationRegistry.NOOP),
					convention.getIfUnique());
		}

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		@ConditionalOnBooleanProperty(name = "windshift.observation.listener.enabled", matchIfMissing = true)
		@ConditionalOnMissingBean
		ObservingListenerObserver windshiftObservingListenerObserver(ListenerObservations observations) {
			return new ObservingListenerObserver(observations);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ListenerObserver.class, Tracer.class })
	static class BatchTracingConfiguration {

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		@ConditionalOnBooleanProperty(name = "windshift.observation.listener.enabled", matchIfMissing = true)
		@ConditionalOnMissingBean
		BatchTracingListenerObserver windshiftBatchTracingListenerObserver(ObjectProvider<Tracer> tracer) {
			return new BatchTracingListenerObserver(tracer);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ MeterRegistry.class, ListenerObserver.class })
	@ConditionalOnBean(WindshiftListenerEndpointRegistry.class)
	static class ListenerMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WindshiftListenerMetrics windshiftListenerMetrics(WindshiftListenerEndpointRegistry registry,
				WindshiftListenerActivity activity) {
			return new WindshiftListenerMetrics(registry, activity);
		}

	}

}
