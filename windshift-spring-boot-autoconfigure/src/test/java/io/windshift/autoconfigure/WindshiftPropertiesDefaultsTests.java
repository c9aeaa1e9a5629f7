package io.windshift.autoconfigure;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.windshift.consumers.ConsumerDefinition;
import io.windshift.events.WindshiftTemplate;
import io.windshift.listener.ListenerContainerFactory;
import io.windshift.streams.StreamDefinition;
import org.junit.jupiter.api.Test;

import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every default is defined once: a property left unset must mean what the library does
 * without Spring Boot, as Boot's {@code KafkaPropertiesTests} checks for Spring Kafka. A
 * property whose field has the same name as a setting of {@link ListenerContainerFactory}
 * is compared automatically, so new pairs are covered as they come. A declared stream or
 * consumer whose properties are left unset is the definition its builder makes.
 */
class WindshiftPropertiesDefaultsTests {

	@Test
	void listenerDefaultsMatchTheContainerFactory() throws Exception {
		WindshiftListenerProperties properties = new WindshiftListenerProperties();
		ListenerContainerFactory factory = new ListenerContainerFactory(null, null, null, null, null);
		try {
			List<String> compared = new ArrayList<>();
			for (Field property : WindshiftListenerProperties.class.getDeclaredFields()) {
				Field setting = ReflectionUtils.findField(ListenerContainerFactory.class, property.getName());
				if (Modifier.isStatic(property.getModifiers()) || setting == null
						|| ClassUtils.resolvePrimitiveIfNecessary(setting.getType()) != ClassUtils
							.resolvePrimitiveIfNecessary(property.getType())) {
					// a same-named field of another kind (deadLetters: settings vs the
					// publisher) is not a default
					continue;
				}
				compared.add(property.getName());
				assertThat(read(setting, factory)).as("default of windshift.listener.%s", property.getName())
					.isEqualTo(read(property, properties));
			}
			assertThat(compared).contains("concurrency", "ackMode", "processingTimeout", "maxDeliveryAttempts",
					"maxPendingEvents", "consumeFrom", "deadLetterSubject", "autoStartup", "shutdownTimeout",
					"pollTimeout", "consumerCheckInterval", "pingInterval", "pingFraction", "maxPrefetch",
					"confirmAcks", "ephemeralInactiveThreshold");
		}
		finally {
			factory.destroy();
		}
	}

	@Test
	void publishDefaultsMatchTheTemplate() {
		WindshiftPublishProperties properties = new WindshiftPublishProperties();
		assertThat(properties.getTimeout()).isEqualTo(WindshiftTemplate.DEFAULT_TIMEOUT);
		assertThat(properties.getMaxInFlight()).isEqualTo(WindshiftTemplate.DEFAULT_MAX_IN_FLIGHT);
		// the template retries nothing unless told: neither does the auto-configured one
		assertThat(properties.getRetry().isEnabled()).isFalse();
	}

	@Test
	void declaredStreamDefaultsMatchTheStreamDefinition() {
		WindshiftDeclarationProperties properties = new WindshiftDeclarationProperties();
		WindshiftDeclarationProperties.Stream stream = new WindshiftDeclarationProperties.Stream();
		stream.setSubjects(List.of("orders.>"));
		properties.getStreams().put("orders", stream);
		assertThat(DeclarationPropertiesMapper.streams(properties)).containsExactly(
				Map.entry("windshift.streams.orders", StreamDefinition.builder("orders").subjects("orders.>").build()));
	}

	@Test
	void declaredConsumerDefaultsMatchTheConsumerDefinition() {
		WindshiftDeclarationProperties properties = new WindshiftDeclarationProperties();
		WindshiftDeclarationProperties.Consumer consumer = new WindshiftDeclarationProperties.Consumer();
		consumer.setStream("orders");
		properties.getConsumers().put("audit", consumer);
		assertThat(DeclarationPropertiesMapper.consumers(properties)).containsExactly(
				Map.entry("windshift.consumers.audit", ConsumerDefinition.builder("orders").name("audit").build()));
	}

	private static Object read(Field field, Object target) {
		ReflectionUtils.makeAccessible(field);
		return ReflectionUtils.getField(field, target);
	}

}
