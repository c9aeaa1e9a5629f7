package io.windshift.autoconfigure;

import io.windshift.events.WindshiftTemplate;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.modulith.events.EventExternalizationConfiguration;
import org.springframework.modulith.events.core.EventPublicationRepository;
import org.springframework.modulith.events.support.DelegatingEventExternalizer;

/**
 * Registers the {@link WindshiftEventExternalizer} when Spring Modulith's event
 * externalization is on the class path and enabled, as Modulith's Kafka and AMQP modules
 * do.
 */
@AutoConfiguration(after = WindshiftTemplateAutoConfiguration.class,
		afterName = "org.springframework.modulith.events.config.EventExternalizationAutoConfiguration")
@ConditionalOnClass({ DelegatingEventExternalizer.class, EventExternalizationConfiguration.class })
@ConditionalOnBean(WindshiftTemplate.class)
@ConditionalOnProperty(name = "spring.modulith.events.externalization.enabled", havingValue = "true",
		matchIfMissing = true)
public final class WindshiftModulithAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(WindshiftEventExternalizer.class)
	@ConditionalOnBean(EventExternalizationConfiguration.class)
	WindshiftEventExternalizer windshiftEventExternalizer(EventExternalizationConfiguration configuration,
			WindshiftTemplate template, ObjectProvider<EventPublicationRepository> publications) {
		return new WindshiftEventExternalizer(configuration, template, publications);
	}

}
