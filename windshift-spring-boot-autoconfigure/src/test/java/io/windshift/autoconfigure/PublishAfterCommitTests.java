package io.windshift.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.api.MessageInfo;
import io.windshift.admin.WindshiftAdmin;
import io.windshift.events.AfterCommitFailureHandler;
import io.windshift.events.OutgoingEvent;
import io.windshift.events.UnboundSubjectException;
import io.windshift.events.WindshiftException;
import io.windshift.events.WindshiftTemplate;
import io.windshift.streams.StorageType;
import io.windshift.streams.StreamDefinition;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@code publishAfterCommit} with a real JDBC transaction (H2) and a real server: held
 * until the commit, sent as one atomic batch when the stream allows it, never on
 * rollback, at once outside a transaction, and a send that fails after the commit reaches
 * the handler bean, the log and the counter.
 */
class PublishAfterCommitTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WindshiftConnectionAutoConfiguration.class,
				WindshiftTemplateAutoConfiguration.class))
		.withUserConfiguration(TransactionConfiguration.class)
		.withPropertyValues("windshift.nats.servers=" + nats.url());

	@BeforeAll
	static void streams() {
		WindshiftAdmin admin = new WindshiftAdmin(nats.connection());
		admin.ensureStream(StreamDefinition.builder("tx")
			.subjects("tx.>")
			.storage(StorageType.MEMORY)
			.allowAtomicPublish(true)
			.build());
		admin.ensureStream(
				StreamDefinition.builder("txplain").subjects("txplain.>").storage(StorageType.MEMORY).build());
	}

	private static OutgoingEvent event(String subject, String id) {
		return OutgoingEvent.of(subject, OrderCreated.newBuilder().setOrderId(id).build());
	}

	private static long count(String subject) throws Exception {
		List<io.nats.client.api.Subject> subjects = nats.connection()
			.jetStreamManagement()
			.getStreamInfo(subject.substring(0, subject.indexOf('.')),
					io.nats.client.api.StreamInfoOptions.filterSubjects(subject))
			.getStreamState()
			.getSubjects();
		return (subjects != null) ? subjects.stream().mapToLong(io.nats.client.api.Subject::getCount).sum() : 0;
	}

	@Test
	void sendsATransactionsEventsAsOneBatchOnlyAfterItCommits() {
		this.runner.run((context) -> {
			WindshiftTemplate template = context.getBean(WindshiftTemplate.class);
			TransactionTemplate tx = context.getBean(TransactionTemplate.class);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			tx.executeWithoutResult((status) -> {
				jdbc.update("insert into orders(id) values ('c-1')");
				template.publishAfterCommit(event("tx.committed", "c-1"));
				template.publishAfterCommit(event("tx.committed", "c-2"));
				try {
					assertThat(count("tx.committed")).as("published before the commit").isZero();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			assertThat(count("tx.committed")).isEqualTo(2);
			MessageInfo last = context.getBean(Connection.class)
				.jetStreamManagement()
				.getLastMessage("tx", "tx.committed");
			MessageInfo first = context.getBean(Connection.class)
				.jetStreamManagement()
				.getMessage("tx", last.getSeq() - 1);
			assertThat(OrderCreated.parseFrom(first.getData()).getOrderId()).isEqualTo("c-1");
			assertThat(OrderCreated.parseFrom(last.getData()).getOrderId()).isEqualTo("c-2");
		});
	}

	@Test
	void sendsNothingWhenTheTransactionRollsBack() {
		this.runner.run((context) -> {
			WindshiftTemplate template = context.getBean(WindshiftTemplate.class);
			TransactionTemplate tx = context.getBean(TransactionTemplate.class);
			assertThatIllegalStateException().isThrownBy(() -> tx.executeWithoutResult((status) -> {
				template.publishAfterCommit(event("tx.rolledback", "r-1"));
				throw new IllegalStateException("boom");
			}));
			tx.executeWithoutResult((status) -> {
				template.publishAfterCommit(event("tx.rolledback", "r-2"));
				status.setRollbackOnly();
			});
			// a later transaction on the same thread does not send the rolled-back events
			// either
			tx.executeWithoutResult((status) -> template.publishAfterCommit(event("tx.after", "a-1")));
			assertThat(count("tx.after")).isEqualTo(1);
			assertThat(count("tx.rolledback")).isZero();
		});
	}

	@Test
	void publishesAtOnceOutsideATransaction() {
		this.runner.run((context) -> {
			context.getBean(WindshiftTemplate.class).publishAfterCommit(event("txplain.now", "n-1"));
			assertThat(count("txplain.now")).isEqualTo(1);
		});
	}

	@Test
	void aSendThatFailsAfterTheCommitReachesTheHandlerBeanAndTheCounter() {
		this.runner.withUserConfiguration(FailureConfiguration.class).run((context) -> {
			WindshiftTemplate template = context.getBean(WindshiftTemplate.class);
			TransactionTemplate tx = context.getBean(TransactionTemplate.class);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			OutgoingEvent lost = event("nostream.created", "f-1");
			tx.executeWithoutResult((status) -> {
				jdbc.update("insert into orders(id) values ('f-1')");
				template.publishAfterCommit(lost);
				template.publishAfterCommit(event("txplain.kept", "k-1"));
			});
			// the commit stands, the other event went out, the failed one reached the
			// handler and the counter
			assertThat(jdbc.queryForObject("select count(*) from orders where id = 'f-1'", Integer.class)).isOne();
			assertThat(count("txplain.kept")).isEqualTo(1);
			FailureConfiguration failures = context.getBean(FailureConfiguration.class);
			assertThat(failures.events).containsExactly(lost);
			assertThat(failures.failures).singleElement().isInstanceOf(UnboundSubjectException.class);
			assertThat(context.getBean(MeterRegistry.class)
				.get(WindshiftTemplateAutoConfiguration.AfterCommitMetricsConfiguration.FAILURES)
				.counter()
				.count()).isEqualTo(1.0);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class TransactionConfiguration {

		@Bean
		DataSource dataSource() {
			return new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2)
				.generateUniqueName(true)
				.addScript("classpath:after-commit-schema.sql")
				.build();
		}

		@Bean
		DataSourceTransactionManager transactionManager(DataSource dataSource) {
			return new DataSourceTransactionManager(dataSource);
		}

		@Bean
		TransactionTemplate transactionTemplate(DataSourceTransactionManager transactionManager) {
			return new TransactionTemplate(transactionManager);
		}

		@Bean
		JdbcTemplate jdbcTemplate(DataSource dataSource) {
			return new JdbcTemplate(dataSource);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FailureConfiguration {

		final List<OutgoingEvent> events = new CopyOnWriteArrayList<>();

		final List<WindshiftException> failures = new CopyOnWriteArrayList<>();

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		AfterCommitFailureHandler keepFailures() {
			return (events, failure) -> {
				this.events.addAll(events);
				this.failures.add(failure);
			};
		}

	}

}
