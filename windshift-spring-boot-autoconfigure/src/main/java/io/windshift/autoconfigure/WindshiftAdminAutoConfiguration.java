package io.windshift.autoconfigure;

import io.nats.client.Connection;
import io.nats.client.JetStreamOptions;
import io.windshift.admin.WindshiftAdmin;
import io.windshift.admin.WindshiftDeclarations;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the {@link WindshiftAdmin} and of the startup
 * {@link WindshiftDeclarations} that apply every declared stream and consumer (beans and
 * {@code windshift.streams.*}, {@code windshift.consumers.*}) before listener containers
 * start.
 */
@AutoConfiguration(after = WindshiftConnectionAutoConfiguration.class)
@ConditionalOnClass(Connection.class)
@ConditionalOnBean(Connection.class)
@EnableConfigurationProperties(WindshiftDeclarationProperties.class)
public final class WindshiftAdminAutoConfiguration {

	@Bean
	StrictDeclarationKeys windshiftStrictDeclarationKeys(Environment environment) {
		return new StrictDeclarationKeys(environment);
	}

	@Bean
	@ConditionalOnMissingBean
	WindshiftAdmin windshiftAdmin(Connection connection, WindshiftDeclarationProperties properties,
			ObjectProvider<JetStreamOptions> jetStreamOptions) {
		return new WindshiftAdmin(connection, properties.getAdmin().isAllowDestructiveChanges(),
				jetStreamOptions.getIfAvailable(JetStreamOptions::defaultOptions));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "windshift.admin.declare-on-startup", matchIfMissing = true)
	WindshiftDeclarations windshiftDeclarations(WindshiftAdmin admin, ListableBeanFactory beanFactory,
			WindshiftDeclarationProperties properties) {
		WindshiftDeclarations declarations = new WindshiftDeclarations(admin, beanFactory,
				DeclarationPropertiesMapper.streams(properties), DeclarationPropertiesMapper.consumers(properties));
		declarations.setRetryTimeout(properties.getAdmin().getRetryTimeout());
		return declarations;
	}

}
