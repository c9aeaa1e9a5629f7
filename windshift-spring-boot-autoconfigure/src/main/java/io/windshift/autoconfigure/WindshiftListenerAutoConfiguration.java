package io.windshift.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nats.client.Connection;
import io.nats.client.JetStreamOptions;
import org.jspecify.annotations.Nullable;

import io.windshift.admin.WindshiftAdmin;
import io.windshift.consumers.ConsumerDefinition;
import io.windshift.delays.Delays;
import io.windshift.events.PermissionViolations;
import io.windshift.events.ProtobufTypeRegistry;
import io.windshift.listener.DeadLetterPublisher;
import io.windshift.listener.DefaultRejectPolicy;
import io.windshift.listener.ListenerContainerFactory;
import io.windshift.listener.ListenerObserver;
import io.windshift.listener.RejectPolicy;
import io.windshift.listener.WindshiftListenerAnnotationBeanPostProcessor;
import io.windshift.listener.WindshiftListenerEndpointRegistry;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * Auto-configuration of {@code @WindshiftListener} methods: the annotation post-processor, the container
 * factory (defaults from {@code windshift.listener.*}), the endpoint registry, the default reject policy,
 * dead-lettering and the protobuf type registry.
 */
@AutoConfiguration(after = { WindshiftConnectionAutoConfiguration.class, WindshiftAdminAutoConfiguration.class })
@ConditionalOnClass(Connection.class)
@ConditionalOnBean(Connection.class)
@EnableConfigurationProperties(WindshiftListenerProperties.class)
public final class WindshiftListenerAutoConfiguration {

	/** The name of the default {@link RejectPolicy} bean. */
	public static final String DEFAULT_REJECT_POLICY_BEAN_NAME = "windshiftRejectPolicy";

	@Bean
	@ConditionalOnMissingBean
	static WindshiftListenerAnnotationBeanPostProcessor windshiftListenerAnnotationBeanPostProcessor() {
		return new WindshiftListenerAnnotationBeanPostProcessor();
	}

	@Bean
	@ConditionalOnMissingBean
	ProtobufTypeRegistry windshiftProtobufTypeRegistry(BeanFactory beanFactory) {
		List<String> packages = AutoConfigurationPackages.has(beanFactory) ? AutoConfigurationPackages.get(beanFactory)
				: List.of();
		return new ProtobufTypeRegistry(packages, getClass().getClassLoader());
	}

	@Bean
	@ConditionalOnMissingBean
	DeadLetterPublisher windshiftDeadLetterPublisher(Connection connection,
			ObjectProvider<JetStreamOptions> jetStreamOptions) {
		return new DeadLetterPublisher(connection, jetStreamOptions.getIfAvailable(JetStreamOptions::defaultOptions));
	}

	@Bean(DEFAULT_REJECT_POLICY_BEAN_NAME)
	@ConditionalOnMissingBean(name = DEFAULT_REJECT_POLICY_BEAN_NAME)
	RejectPolicy windshiftRejectPolicy(WindshiftListenerProperties properties) {
		WindshiftListenerProperties.Reject reject = properties.getReject();
		return new DefaultRejectPolicy(
				Delays.withMaxDelay(Delays.exponential(reject.getInitialDelay(), reject.getMultiplier()),
						reject.getMaxDelay()),
				reject.getPermanentExceptions());
	}

	@Bean
	@ConditionalOnMissingBean
	ListenerContainerFactory windshiftListenerContainerFactory(Connection connection,
			ObjectProvider<WindshiftAdmin> admin, ProtobufTypeRegistry types, DeadLetterPublisher deadLetters,
			ListableBeanFactory beanFactory, WindshiftListenerProperties properties,
			ObjectProvider<WindshiftDeclarationProperties> declarations, ObjectProvider<ListenerObserver> observers,
			ObjectProvider<PermissionViolations> permissionViolations, Environment environment,
			ObjectProvider<JetStreamOptions> jetStreamOptions) {
		RejectPolicy defaultPolicy = beanFactory.getBean(DEFAULT_REJECT_POLICY_BEAN_NAME, RejectPolicy.class);
		ListenerContainerFactory factory = new ListenerContainerFactory(connection,
				admin.getIfAvailable(() -> new WindshiftAdmin(connection, false,
						jetStreamOptions.getIfAvailable(JetStreamOptions::defaultOptions))),
				types, deadLetters, defaultPolicy);
		permissionViolations.ifUnique(factory::setPermissionViolations);
		PropertyMapper map = PropertyMapper.get();
		map.from(properties::isAutoStartup).to(factory::setAutoStartup);
		map.from(properties::getConcurrency).to(factory::setConcurrency);
		map.from(properties::getAckMode).to(factory::setAckMode);
		map.from(properties::getProcessingTimeout).to(factory::setProcessingTimeout);
		map.from(properties::getMaxDeliveryAttempts).to(factory::setMaxDeliveryAttempts);
		map.from(properties::getMaxPendingEvents).to(factory::setMaxPendingEvents);
		map.from(properties::getConsumeFrom).to(factory::setConsumeFrom);
		map.from(properties::getDeadLetterSubject).to(factory::setDeadLetterSubject);
		map.from(properties::getShutdownTimeout).to(factory::setShutdownTimeout);
		map.from(properties::getMaxPrefetch).to(factory::setMaxPrefetch);
		map.from(properties::getMaxPrefetchBytes).as(DataSize::toBytes).to(factory::setMaxPrefetchBytes);
		map.from(properties::isConfirmAcks).to(factory::setConfirmAcks);
		map.from(properties::getPingInterval).to(factory::setPingInterval);
		map.from(properties::getPingFraction).to(factory::setPingFraction);
		map.from(properties::getPollTimeout).to(factory::setPollTimeout);
		map.from(properties::getConsumerCheckInterval).to(factory::setConsumerCheckInterval);
		map.from(properties::getEphemeralInactiveThreshold).to(factory::setEphemeralInactiveThreshold);
		factory.setVirtualThreads(Threading.VIRTUAL.isActive(environment));
		factory.setRejectPolicies((name) -> beanFactory.getBean(name, RejectPolicy.class));
		factory.setObservers(observers.orderedStream().toList());
		factory.setDeclaredConsumers((stream, name) -> declaredConsumer(beanFactory, declarations, stream, name));
		return factory;
	}

	private static @Nullable ConsumerDefinition declaredConsumer(ListableBeanFactory beanFactory,
			ObjectProvider<WindshiftDeclarationProperties> declarations, String stream, String name) {
		Map<String, ConsumerDefinition> all = new LinkedHashMap<>(beanFactory.getBeansOfType(ConsumerDefinition.class));
		WindshiftDeclarationProperties properties = declarations.getIfAvailable();
		if (properties != null) {
			all.putAll(DeclarationPropertiesMapper.consumers(properties));
		}
		return all.values()
			.stream()
			.filter((definition) -> definition.stream().equals(stream) && definition.name().orElse("").equals(name))
			.findFirst()
			.orElse(null);
	}

	@Bean
	@ConditionalOnMissingBean
	WindshiftListenerEndpointRegistry windshiftListenerEndpointRegistry(ListenerContainerFactory factory) {
		return new WindshiftListenerEndpointRegistry(factory);
	}

}
