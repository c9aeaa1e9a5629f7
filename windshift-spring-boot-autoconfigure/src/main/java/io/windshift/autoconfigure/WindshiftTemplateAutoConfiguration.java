package io.windshift.autoconfigure;

import io.nats.client.Connection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.JetStreamOptions;
import io.windshift.delays.Delays;
import io.windshift.events.AfterCommitFailureHandler;
import io.windshift.events.OutgoingHeadersCustomizer;
import io.windshift.events.PermissionViolations;
import io.windshift.events.WindshiftTemplate;
import io.windshift.observation.PublishObservations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * Auto-configuration of the {@link WindshiftTemplate} from {@code windshift.publish.*}.
 */
@AutoConfiguration(after = WindshiftConnectionAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass({ Connection.class, WindshiftTemplate.class })
@ConditionalOnBean(Connection.class)
@EnableConfigurationProperties(WindshiftPublishProperties.class)
public final class WindshiftTemplateAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	WindshiftTemplate windshiftTemplate(Connection connection, WindshiftPublishProperties properties,
			ObjectProvider<OutgoingHeadersCustomizer> headersCustomizers,
			ObjectProvider<AfterCommitFailureHandler> afterCommitFailureHandlers,
			ObjectProvider<PublishObservations> observations, ObjectProvider<PermissionViolations> permissionViolations,
			Environment environment, ObjectProvider<JetStreamOptions> jetStreamOptions) {
		WindshiftTemplate.Builder builder = WindshiftTemplate.builder(connection);
		jetStreamOptions.ifAvailable(builder::jetStreamOptions);
		PropertyMapper map = PropertyMapper.get();
		map.from(properties::getTimeout).to(builder::timeout);
		map.from(properties::getMaxInFlight).to(builder::maxInFlight);
		WindshiftPublishProperties.Retry retry = properties.getRetry();
		map.from(retry::isWithIdempotencyKey).to(builder::retryWithIdempotencyKey);
		if (retry.isEnabled()) {
			builder.retry(Delays.stopAfterMaxTime(retry.toDelays(), retry.getMaxTime()));
		}
		if (Threading.VIRTUAL.isActive(environment)) {
			SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("windshift-publish-");
			executor.setVirtualThreads(true);
			builder.executor(executor);
		}
		builder.headersCustomizers(headersCustomizers.orderedStream().toList());
		observations.ifUnique(builder::observations);
		permissionViolations.ifUnique(builder::permissionViolations);
		builder.afterCommitFailureHandlers(afterCommitFailureHandlers.orderedStream().toList());
		return builder.build();
	}

	/** Counts the events not published after their transaction committed. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class AfterCommitMetricsConfiguration {

		/** The counter of events not published after their transaction committed. */
		static final String FAILURES = "windshift.publish.after.commit.failures";

		@Bean
		AfterCommitFailureHandler windshiftAfterCommitFailureCounter(MeterRegistry registry) {
			Counter counter = Counter.builder(FAILURES)
				.description("Events not published after their transaction committed")
				.register(registry);
			return (events, failure) -> counter.increment(events.size());
		}

	}

}
