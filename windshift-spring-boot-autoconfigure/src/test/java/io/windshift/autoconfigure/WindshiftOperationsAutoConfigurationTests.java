package io.windshift.autoconfigure;

import io.nats.client.Connection;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.events.PublishedEvent;
import io.windshift.events.UnboundSubjectException;
import io.windshift.events.WindshiftOperations;
import io.windshift.events.WindshiftTemplate;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The auto-configured template is injectable as {@link WindshiftOperations}, and
 * publishing through the interface behaves as the template does.
 */
class WindshiftOperationsAutoConfigurationTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WindshiftConnectionAutoConfiguration.class,
				WindshiftTemplateAutoConfiguration.class))
		.withPropertyValues("windshift.nats.servers=" + nats.url());

	@Test
	void templateIsTheOperationsBeanAndPublishesThroughIt() {
		this.runner.run((context) -> {
			WindshiftOperations operations = context.getBean(WindshiftOperations.class);
			assertThat(operations).isSameAs(context.getBean(WindshiftTemplate.class));
			context.getBean(Connection.class)
				.jetStreamManagement()
				.addStream(StreamConfiguration.builder()
					.name("ops")
					.subjects("ops.>")
					.storageType(StorageType.Memory)
					.build());
			PublishedEvent published = operations.publish("ops.created",
					OrderCreated.newBuilder().setOrderId("o").build());
			assertThat(published.stream()).isEqualTo("ops");
			assertThat(published.id()).isEqualTo(1);
			assertThatExceptionOfType(UnboundSubjectException.class)
				.isThrownBy(() -> operations.publish("nowhere.created", OrderCreated.getDefaultInstance()));
		});
	}

}
