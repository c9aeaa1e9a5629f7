package io.windshift.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.nats.client.api.MessageInfo;
import io.windshift.admin.WindshiftAdmin;
import io.windshift.streams.StorageType;
import io.windshift.streams.StreamDefinition;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.events.EventExternalizationConfiguration;
import org.springframework.modulith.events.Externalized;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The Windshift externalizer with Spring Modulith's JDBC event publication registry (H2)
 * and a real server: a committed transaction publishes its externalized event with the
 * publication id as idempotency key, a rolled-back one does not, and a publication
 * resubmitted after a simulated crash is stored once.
 */
class WindshiftModulithTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WindshiftConnectionAutoConfiguration.class,
				WindshiftTemplateAutoConfiguration.class, WindshiftModulithAutoConfiguration.class,
				org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration.class,
				org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration.class,
				org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration.class,
				org.springframework.modulith.events.config.EventPublicationAutoConfiguration.class,
				org.springframework.modulith.events.config.EventExternalizationAutoConfiguration.class,
				type("org.springframework.modulith.events.jdbc.JdbcEventPublicationAutoConfiguration"),
				type("org.springframework.modulith.events.jackson.JacksonEventSerializationConfiguration")))
		.withUserConfiguration(ExternalizationConfiguration.class)
		.withPropertyValues("windshift.nats.servers=" + nats.url(),
				"spring.modulith.events.jdbc.schema-initialization.enabled=true");

	private static Class<?> type(String name) {
		return org.springframework.util.ClassUtils.resolveClassName(name, null);
	}

	@BeforeAll
	static void streams() {
		new WindshiftAdmin(nats.connection()).ensureStream(
				StreamDefinition.builder("modulith").subjects("modulith.>").storage(StorageType.MEMORY).build());
	}

	@Externalized("modulith.placed")
	record OrderPlaced(String id) {
	}

	private static long count(String subject) throws Exception {
		List<io.nats.client.api.Subject> subjects = nats.connection()
			.jetStreamManagement()
			.getStreamInfo("modulith", io.nats.client.api.StreamInfoOptions.filterSubjects(subject))
			.getStreamState()
			.getSubjects();
		return (subjects != null) ? subjects.stream().mapToLong(io.nats.client.api.Subject::getCount).sum() : 0;
	}

	private static List<String> orderIds() throws Exception {
		var jsm = nats.connection().jetStreamManagement();
		long last = jsm.getStreamInfo("modulith").getStreamState().getLastSequence();
		List<String> ids = new java.util.ArrayList<>();
		for (long seq = 1; seq <= last; seq++) {
			ids.add(OrderCreated.parseFrom(jsm.getMessage("modulith", seq).getData()).getOrderId());
		}
		return ids;
	}

	@Test
	void aCommittedEventIsPublishedWithItsPublicationIdAndAResubmissionIsStoredOnce() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(WindshiftEventExternalizer.class);
			TransactionTemplate tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
			ApplicationEventPublisher events = context;
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			long before = count("modulith.placed");
			tx.executeWithoutResult((status) -> events.publishEvent(new OrderPlaced("m-1")));
			await().atMost(Duration.ofSeconds(10)).until(() -> count("modulith.placed") == before + 1);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> jdbc.queryForObject(
						"select count(*) from event_publication where completion_date is not null",
						Integer.class) == 1);
			String publicationId = jdbc.queryForObject("select cast(id as varchar) from event_publication",
					String.class);
			MessageInfo stored = nats.connection().jetStreamManagement().getLastMessage("modulith", "modulith.placed");
			assertThat(OrderCreated.parseFrom(stored.getData()).getOrderId()).isEqualTo("m-1");
			assertThat(stored.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo(publicationId);
			// a crash after the publish but before Modulith marked the publication
			// complete: it is resubmitted
			jdbc.update("update event_publication set completion_date = null");
			context.getBean(IncompleteEventPublications.class).resubmitIncompletePublications((publication) -> true);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> jdbc.queryForObject(
						"select count(*) from event_publication where completion_date is not null",
						Integer.class) == 1);
			assertThat(count("modulith.placed")).isEqualTo(before + 1);
		});
	}

	@Test
	void aRolledBackEventIsNotPublished() {
		this.runner.run((context) -> {
			TransactionTemplate tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
			assertThatIllegalStateException().isThrownBy(() -> tx.executeWithoutResult((status) -> {
				context.publishEvent(new OrderPlaced("m-2"));
				throw new IllegalStateException("boom");
			}));
			tx.executeWithoutResult((status) -> context.publishEvent(new OrderPlaced("m-3")));
			await().atMost(Duration.ofSeconds(10)).until(() -> orderIds().contains("m-3"));
			assertThat(orderIds()).doesNotContain("m-2");
			assertThat(context.getBean(JdbcTemplate.class)
				.queryForObject("select count(*) from event_publication where serialized_event like '%m-2%'",
						Integer.class))
				.isZero();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class ExternalizationConfiguration {

		@Bean
		javax.sql.DataSource dataSource() {
			return new org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder()
				.setType(org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType.H2)
				.generateUniqueName(true)
				.build();
		}

		@Bean
		EventExternalizationConfiguration eventExternalizationConfiguration() {
			return EventExternalizationConfiguration.externalizing()
				.select(EventExternalizationConfiguration.annotatedAsExternalized())
				.mapping(OrderPlaced.class, (event) -> OrderCreated.newBuilder().setOrderId(event.id()).build())
				.build();
		}

	}

}
