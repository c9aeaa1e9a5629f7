package io.windshift.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.nats.client.Connection;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.windshift.events.OutgoingEvent;
import io.windshift.events.OutgoingHeadersCustomizer;
import io.windshift.events.PublishedEvent;
import io.windshift.events.WindshiftTemplate;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class WindshiftTemplateAutoConfigurationTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WindshiftConnectionAutoConfiguration.class,
				WindshiftTemplateAutoConfiguration.class))
		.withPropertyValues("windshift.nats.servers=" + nats.url());

	@Test
	void providesATemplateThatPublishesWithCustomizedHeaders() {
		this.runner.withUserConfiguration(HeadersConfiguration.class)
			.withPropertyValues("windshift.publish.timeout=3s", "windshift.publish.max-in-flight=8",
					"windshift.publish.retry.enabled=true")
			.run((context) -> {
				assertThat(context).hasSingleBean(WindshiftTemplate.class);
				WindshiftPublishProperties properties = context.getBean(WindshiftPublishProperties.class);
				assertThat(properties.getTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(properties.getMaxInFlight()).isEqualTo(8);
				Connection connection = context.getBean(Connection.class);
				connection.jetStreamManagement()
					.addStream(StreamConfiguration.builder()
						.name("auto")
						.subjects("auto.>")
						.storageType(StorageType.Memory)
						.build());
				WindshiftTemplate template = context.getBean(WindshiftTemplate.class);
				PublishedEvent published = template
					.publishAsync(OutgoingEvent.of("auto.created", OrderCreated.newBuilder().setOrderId("a").build()))
					.get(5, TimeUnit.SECONDS);
				assertThat(published.stream()).isEqualTo("auto");
				Headers headers = connection.jetStreamManagement().getMessage("auto", published.id()).getHeaders();
				assertThat(headers.getFirst("X-Test")).isEqualTo("auto.created");
			});
	}

	@Test
	void defaultsMatchTheTemplate() {
		this.runner.run((context) -> {
			WindshiftPublishProperties properties = context.getBean(WindshiftPublishProperties.class);
			assertThat(properties.getTimeout()).isEqualTo(WindshiftTemplate.DEFAULT_TIMEOUT);
			assertThat(properties.getMaxInFlight()).isEqualTo(WindshiftTemplate.DEFAULT_MAX_IN_FLIGHT);
			assertThat(properties.getRetry().isEnabled()).isFalse();
		});
	}

	@Test
	void backsOffForAUserTemplate() {
		this.runner.withUserConfiguration(UserTemplateConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(WindshiftTemplate.class);
			assertThat(context).hasBean("myTemplate");
		});
	}

	@Test
	void needsAConnection() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WindshiftTemplateAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(WindshiftTemplate.class));
	}

	@Test
	void rejectsABadTimeoutNamingIt() {
		this.runner.withPropertyValues("windshift.publish.timeout=0s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("publish timeout");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class HeadersConfiguration {

		@Bean
		OutgoingHeadersCustomizer testHeaders() {
			return (event, headers) -> headers.put("X-Test", event.subject());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserTemplateConfiguration {

		@Bean
		WindshiftTemplate myTemplate(Connection connection) {
			return WindshiftTemplate.builder(connection).headersCustomizers(List.of()).build();
		}

	}

}
