package io.windshift.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nats.client.Connection;
import io.nats.client.JetStreamOptions;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.windshift.admin.WindshiftAdmin;
import io.windshift.consumers.ConsumerDefinition;
import io.windshift.events.PermissionViolations;
import io.windshift.events.ProtobufTypeRegistry;
import io.windshift.events.WindshiftTemplate;
import io.windshift.listener.DeadLetterPublisher;
import io.windshift.listener.DeadLetterStream;
import io.windshift.listener.DefaultRejectPolicy;
import io.windshift.listener.ListenerContainerCustomizer;
import io.windshift.listener.ListenerContainerFactory;
import io.windshift.listener.ListenerContainerWiring;
import io.windshift.listener.ListenerContainerMonitor;
import io.windshift.listener.ListenerObserver;
import io.windshift.listener.OrderingKey;
import io.windshift.listener.RejectPolicy;
import io.windshift.listener.WindshiftListenerAnnotationBeanPostProcessor;
import io.windshift.listener.WindshiftListenerEndpointRegistry;
import io.windshift.streams.StreamDefinition;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * Auto-configuration of {@code @WindshiftListener} methods: the annotation
 * post-processor, the container factory (defaults from {@code windshift.listener.*}), the
 * endpoint registry, the default reject policy, dead-lettering and the protobuf type
 * registry (the application's packages, {@code windshift.types.packages}, the protobuf
 * well-known types and {@link ProtobufTypeRegistryCustomizer} beans).
 */
@AutoConfiguration(after = { WindshiftConnectionAutoConfiguration.class, WindshiftAdminAutoConfiguration.class })
@ConditionalOnClass(Connection.class)
@ConditionalOnBean(Connection.class)
@EnableConfigurationProperties({ WindshiftListenerProperties.class, WindshiftTypesProperties.class })
public final class WindshiftListenerAutoConfiguration {

	private static final Log logger = LogFactory.getLog(WindshiftListenerAutoConfiguration.class);

	/** The name of the default {@link ListenerContainerFactory} bean. */
	public static final String DEFAULT_CONTAINER_FACTORY_BEAN_NAME = "windshiftListenerContainerFactory";

	/** The name of the default {@link RejectPolicy} bean. */
	public static final String DEFAULT_REJECT_POLICY_BEAN_NAME = "windshiftRejectPolicy";

	@Bean
	@ConditionalOnMissingBean
	static WindshiftListenerAnnotationBeanPostProcessor windshiftListenerAnnotationBeanPostProcessor() {
		return new WindshiftListenerAnnotationBeanPostProcessor();
	}

	@Bean
	@ConditionalOnMissingBean
	ProtobufTypeRegistry windshiftProtobufTypeRegistry(BeanFactory beanFactory, WindshiftTypesProperties properties,
			ObjectProvider<ProtobufTypeRegistryCustomizer> customizers) {
		List<String> packages = new ArrayList<>(
				AutoConfigurationPackages.has(beanFactory) ? AutoConfigurationPackages.get(beanFactory) : List.of());
		packages.addAll(properties.getPackages());
		ProtobufTypeRegistry registry = new ProtobufTypeRegistry(packages, getClass().getClassLoader());
		customizers.orderedStream().forEach((customizer) -> customizer.customize(registry));
		return registry;
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
		return new DefaultRejectPolicy(reject.toDelays(), reject.getPermanentExceptions());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "windshift.listener.dead-letters.enabled", matchIfMissing = true)
	DeadLetterStream windshiftDeadLetterStream(Connection connection, ObjectProvider<WindshiftAdmin> admin,
			WindshiftListenerProperties properties) {
		WindshiftListenerProperties.DeadLetters deadLetters = properties.getDeadLetters();
		StreamDefinition.Builder definition = DeadLetterStream.definition();
		PropertyMapper map = PropertyMapper.get();
		map.from(deadLetters::getMaxAge).to(definition::maxAge);
		map.from(deadLetters::getMaxBytes).as(DataSize::toBytes).to(definition::maxBytes);
		map.from(deadLetters::getReplicas).to(definition::replicas);
		map.from(deadLetters::getStorage).to(definition::storage);
		return new DeadLetterStream(admin.getIfAvailable(() -> new WindshiftAdmin(connection)), definition.build());
	}

	@Bean
	@ConditionalOnMissingBean
	WindshiftListenerContainerFactoryConfigurer windshiftListenerContainerFactoryConfigurer(Connection connection,
			ObjectProvider<WindshiftAdmin> admin, ProtobufTypeRegistry types, DeadLetterPublisher deadLetters,
			ListableBeanFactory beanFactory, WindshiftListenerProperties properties,
			ObjectProvider<WindshiftDeclarationProperties> declarations, ObjectProvider<ListenerObserver> observers,
			ObjectProvider<PermissionViolations> permissionViolations, Environment environment,
			ObjectProvider<DeadLetterStream> deadLetterStream, ObjectProvider<WindshiftTemplate> template,
			ObjectProvider<JetStreamOptions> jetStreamOptions) {
		RejectPolicy defaultPolicy = beanFactory.getBean(DEFAULT_REJECT_POLICY_BEAN_NAME, RejectPolicy.class);
		ListenerContainerWiring wiring = new ListenerContainerWiring(
				(name) -> beanFactory.getBean(name, RejectPolicy.class),
				(name) -> beanFactory.getBean(name, OrderingKey.class), observers.orderedStream().toList(),
				(stream, name) -> declaredConsumer(beanFactory, declarations, stream, name),
				permissionViolations.getIfUnique(), deadLetterStream.getIfUnique(), template.getIfUnique());
		if (!properties.getDeadLetters().isEnabled() && properties.getDeadLetterSubject() == null) {
			logger.warn("Dead letters are disabled (windshift.listener.dead-letters.enabled=false): a listener "
					+ "without a dead-letter subject terminates the events it gives up (failed on the last attempt, "
					+ "rejected permanently, poison, of an unhandled type), and they are lost");
		}
		return new WindshiftListenerContainerFactoryConfigurer(connection,
				admin.getIfAvailable(() -> new WindshiftAdmin(connection, false,
						jetStreamOptions.getIfAvailable(JetStreamOptions::defaultOptions))),
				types, deadLetters, defaultPolicy, properties, Threading.VIRTUAL.isActive(environment), wiring);
	}

	@Bean
	@ConditionalOnMissingBean(name = DEFAULT_CONTAINER_FACTORY_BEAN_NAME)
	ListenerContainerFactory windshiftListenerContainerFactory(WindshiftListenerContainerFactoryConfigurer configurer) {
		return configurer.createContainerFactory();
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
	WindshiftListenerEndpointRegistry windshiftListenerEndpointRegistry(
			@Qualifier(DEFAULT_CONTAINER_FACTORY_BEAN_NAME) ListenerContainerFactory factory,
			ListableBeanFactory beanFactory, ObjectProvider<ListenerContainerCustomizer> customizers,
			WindshiftListenerProperties properties) {
		WindshiftListenerEndpointRegistry registry = new WindshiftListenerEndpointRegistry(factory);
		registry.setContainerFactories((name) -> beanFactory.getBean(name, ListenerContainerFactory.class));
		registry.setContainerCustomizers(customizers.orderedStream().toList());
		registry.setStartupFailurePolicy(properties.getStartupFailure());
		return registry;
	}

	@Bean
	@ConditionalOnMissingBean
	ListenerContainerMonitor windshiftListenerContainerMonitor(
			ObjectProvider<WindshiftListenerEndpointRegistry> registry, WindshiftListenerProperties properties) {
		return new ListenerContainerMonitor(() -> registry.getObject().getListenerContainers(),
				properties.getIdleEventInterval());
	}

}
