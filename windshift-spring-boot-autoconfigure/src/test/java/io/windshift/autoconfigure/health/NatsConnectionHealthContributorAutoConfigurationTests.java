package io.windshift.autoconfigure.health;

import io.nats.client.Connection;
import io.windshift.autoconfigure.WindshiftConnectionAutoConfiguration;
import io.windshift.test.NatsServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link NatsConnectionHealthContributorAutoConfiguration} and
 * {@link NatsConnectionHealthIndicator}.
 */
class NatsConnectionHealthContributorAutoConfigurationTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create();

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations
		.of(WindshiftConnectionAutoConfiguration.class, NatsConnectionHealthContributorAutoConfiguration.class,
				HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class));

	@Test
	void reportsUpWithVersionAndJetStream() {
		this.runner.withPropertyValues("windshift.nats.servers=" + nats.url()).run((context) -> {
			assertThat(context).hasSingleBean(NatsConnectionHealthIndicator.class);
			HealthContributorRegistry registry = context.getBean(HealthContributorRegistry.class);
			assertThat(registry.getContributor("nats")).isInstanceOf(NatsConnectionHealthIndicator.class);
			Health health = ((HealthIndicator) registry.getContributor("nats")).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("status", "CONNECTED")
				.containsEntry("jetStream", true)
				.containsKey("version");
			assertThat((String) health.getDetails().get("version")).matches("\\d+\\.\\d+\\.\\d+.*");
		});
	}

	@Test
	void reportsDownWhenTheConnectionIsClosed() {
		this.runner.withPropertyValues("windshift.nats.servers=" + nats.url()).run((context) -> {
			context.getBean(Connection.class).close();
			Health health = context.getBean(NatsConnectionHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("status", "CLOSED");
		});
	}

	@Test
	void reportsDownWhileConnectingInBackground() {
		this.runner
			.withPropertyValues("windshift.nats.servers=nats://127.0.0.1:1",
					"windshift.nats.connect-in-background=true", "windshift.nats.connection-timeout=200ms")
			.run((context) -> assertThat(context.getBean(NatsConnectionHealthIndicator.class).health().getStatus())
				.isEqualTo(Status.DOWN));
	}

	@Test
	void canBeDisabled() {
		this.runner.withPropertyValues("windshift.nats.servers=" + nats.url(), "management.health.nats.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(Connection.class)
				.doesNotHaveBean(NatsConnectionHealthIndicator.class));
	}

	@Test
	void backsOffWithoutHealthSupport() {
		this.runner.withPropertyValues("windshift.nats.servers=" + nats.url())
			.withClassLoader(new FilteredClassLoader(AbstractHealthIndicator.class))
			.run((context) -> assertThat(context).hasSingleBean(Connection.class)
				.doesNotHaveBean(NatsConnectionHealthIndicator.class));
	}

	@Test
	void backsOffToAUserIndicator() {
		this.runner.withPropertyValues("windshift.nats.servers=" + nats.url())
			.withBean("natsHealthIndicator", HealthIndicator.class, () -> () -> Health.up().build())
			.run((context) -> assertThat(context).doesNotHaveBean(NatsConnectionHealthIndicator.class));
	}

}
