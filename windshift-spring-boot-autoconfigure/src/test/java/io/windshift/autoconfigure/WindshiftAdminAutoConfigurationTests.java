package io.windshift.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StreamConfiguration;
import io.windshift.admin.DeclarationException;
import io.windshift.admin.DestructiveChangeException;
import io.windshift.admin.SubjectConflictException;
import io.windshift.admin.WindshiftAdmin;
import io.windshift.admin.WindshiftDeclarations;
import io.windshift.consumers.ConsumerDefinition;
import io.windshift.events.WindshiftLifecycle;
import io.windshift.streams.StreamDefinition;
import io.windshift.streams.StreamPointer;
import io.windshift.test.NatsServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** Startup declarations from beans and properties, against a real server. */
class WindshiftAdminAutoConfigurationTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create();

	private static WindshiftAdmin reader;

	@BeforeAll
	static void start() throws Exception {
		reader = new WindshiftAdmin(nats.connection());
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WindshiftConnectionAutoConfiguration.class,
					WindshiftAdminAutoConfiguration.class))
			.withPropertyValues("windshift.nats.servers=" + nats.url());
	}

	@Test
	void appliesPropertyAndBeanDeclarationsTogether() {
		runner().withUserConfiguration(Declarations.class)
			.withPropertyValues("windshift.streams.yaml-orders.subjects[0]=yaml.orders.>",
					"windshift.streams.yaml-orders.max-age=30d", "windshift.streams.yaml-orders.max-bytes=1GB",
					"windshift.streams.yaml-orders.max-events=1000",
					"windshift.streams.yaml-orders.max-events-per-subject=10",
					"windshift.streams.yaml-orders.max-event-size=64KB",
					"windshift.streams.yaml-orders.discard-policy=new",
					"windshift.streams.yaml-orders.discard-new-per-subject=true",
					"windshift.streams.yaml-orders.storage=file", "windshift.streams.yaml-orders.replicas=1",
					"windshift.streams.yaml-orders.deduplication-window=1m",
					"windshift.streams.yaml-orders.description=from yaml",
					"windshift.streams.yaml-all.sources[0].stream=yaml-orders",
					"windshift.streams.yaml-all.sources[1].stream=bean-orders",
					"windshift.streams.yaml-all.sources[1].from=id:3",
					"windshift.streams.yaml-all.sources[1].filter-subject=bean.orders.x.>",
					"windshift.streams.yaml-copy.mirror.stream=bean-orders", "windshift.streams.snake.name=snake_case",
					"windshift.streams.snake.subjects=snake.>", "windshift.consumers.yaml-processor.stream=yaml-orders",
					"windshift.consumers.yaml-processor.subjects=yaml.orders.created,yaml.orders.updated",
					"windshift.consumers.yaml-processor.processing-timeout=10s",
					"windshift.consumers.yaml-processor.consume-from=start",
					"windshift.consumers.yaml-processor.max-delivery-attempts=5",
					"windshift.consumers.yaml-processor.max-pending-events=20",
					"windshift.consumers.yaml-processor.redelivery-backoff=1s,10s",
					"windshift.consumers.yaml-processor.inactive-threshold=7d")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(WindshiftAdmin.class)
					.hasSingleBean(WindshiftDeclarations.class);
				StreamConfiguration yaml = reader.streamInfo("yaml-orders").orElseThrow().getConfiguration();
				assertThat(yaml.getSubjects()).containsExactly("yaml.orders.>");
				assertThat(yaml.getMaxAge()).isEqualTo(Duration.ofDays(30));
				assertThat(yaml.getMaxBytes()).isEqualTo(1L << 30);
				assertThat(yaml.getMaxMsgs()).isEqualTo(1000);
				assertThat(yaml.getMaxMsgsPerSubject()).isEqualTo(10);
				assertThat(yaml.getMaxMsgSize()).isEqualTo(64 * 1024);
				assertThat(yaml.getDiscardPolicy()).isEqualTo(io.nats.client.api.DiscardPolicy.New);
				assertThat(yaml.isDiscardNewPerSubject()).isTrue();
				assertThat(yaml.getDuplicateWindow()).isEqualTo(Duration.ofMinutes(1));
				assertThat(yaml.getDescription()).isEqualTo("from yaml");
				StreamConfiguration all = reader.streamInfo("yaml-all").orElseThrow().getConfiguration();
				assertThat(all.getSources()).extracting("name").containsExactly("yaml-orders", "bean-orders");
				assertThat(all.getSources().get(1).getStartSeq()).isEqualTo(3);
				assertThat(all.getSources().get(1).getFilterSubject()).isEqualTo("bean.orders.x.>");
				assertThat(reader.streamInfo("yaml-copy").orElseThrow().getConfiguration().getMirror().getName())
					.isEqualTo("bean-orders");
				assertThat(reader.streamInfo("snake_case")).isPresent();
				assertThat(reader.streamInfo("bean-orders").orElseThrow().getConfiguration().getSubjects())
					.containsExactly("bean.orders.>");
				ConsumerConfiguration yamlConsumer = reader.consumerInfo("yaml-orders", "yaml-processor")
					.orElseThrow()
					.getConsumerConfiguration();
				assertThat(yamlConsumer.getFilterSubjects()).containsExactly("yaml.orders.created",
						"yaml.orders.updated");
				assertThat(yamlConsumer.getDeliverPolicy()).isEqualTo(DeliverPolicy.All);
				assertThat(yamlConsumer.getMaxDeliver()).isEqualTo(5);
				assertThat(yamlConsumer.getMaxAckPending()).isEqualTo(20);
				assertThat(yamlConsumer.getBackoff()).containsExactly(Duration.ofSeconds(11), Duration.ofSeconds(20));
				assertThat(yamlConsumer.getInactiveThreshold()).isEqualTo(Duration.ofDays(7));
				ConsumerConfiguration beanConsumer = reader.consumerInfo("bean-orders", "bean-processor")
					.orElseThrow()
					.getConsumerConfiguration();
				assertThat(beanConsumer.getFilterSubject()).isEqualTo("bean.orders.created");
				assertThat(beanConsumer.getAckWait()).isEqualTo(Duration.ofSeconds(20));
				assertThat(context.getBean(LateLifecycle.class).streamExistedAtStart).isTrue();
			});
	}

	@Test
	void refusesDestructiveChangesAtStartupUnlessAllowed() {
		runner()
			.withPropertyValues("windshift.streams.shrinking.subjects=shrinking.>",
					"windshift.streams.shrinking.max-age=30d")
			.run((context) -> assertThat(context).hasNotFailed());
		runner()
			.withPropertyValues("windshift.streams.shrinking.subjects=shrinking.>",
					"windshift.streams.shrinking.max-age=1d")
			.run((context) -> assertThat(context).getFailure()
				.cause()
				.isInstanceOf(DestructiveChangeException.class)
				.hasMessageContaining("stream 'shrinking'")
				.hasMessageContaining("maxAge from 30d to 1d")
				.hasMessageContaining("windshift.admin.allow-destructive-changes=true")
				.hasMessageContaining("windshift.streams.shrinking"));
		assertThat(reader.streamInfo("shrinking").orElseThrow().getConfiguration().getMaxAge())
			.isEqualTo(Duration.ofDays(30));
		runner()
			.withPropertyValues("windshift.streams.shrinking.subjects=shrinking.>",
					"windshift.streams.shrinking.max-age=1d", "windshift.admin.allow-destructive-changes=true")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(reader.streamInfo("shrinking").orElseThrow().getConfiguration().getMaxAge())
			.isEqualTo(Duration.ofDays(1));
	}

	@Test
	void failsStartupWhenASubjectIsBoundToAnotherStream() {
		runner().withPropertyValues("windshift.streams.first-owner.subjects=contested.>")
			.run((context) -> assertThat(context).hasNotFailed());
		runner().withPropertyValues("windshift.streams.second-owner.subjects=contested.x")
			.run((context) -> assertThat(context).getFailure()
				.cause()
				.isInstanceOf(SubjectConflictException.class)
				.hasMessageContaining("stream 'second-owner'")
				.hasMessageContaining("stream 'first-owner'")
				.hasMessageContaining("'contested.x'"));
	}

	@Test
	void failsStartupOnInvalidPropertiesNamingThem() {
		runner().withPropertyValues("windshift.streams.broken.subjects=broken.>.x")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("windshift.streams.broken")
				.hasStackTraceContaining("'broken.>.x'"));
		runner().withPropertyValues("windshift.consumers.orphan.subjects=x")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("windshift.consumers.orphan.stream"));
		runner().withPropertyValues("windshift.consumers.c.stream=s", "windshift.consumers.c.consume-from=yesterday")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("windshift.consumers.c")
				.hasStackTraceContaining("'yesterday'"));
	}

	@Test
	void failsStartupWhenAStreamIsDeclaredTwice() {
		runner().withUserConfiguration(Declarations.class)
			.withPropertyValues("windshift.streams.bean-orders.subjects=bean.orders.>")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("Stream 'bean-orders' is declared twice")
				.hasMessageContaining("bean 'beanOrders'")
				.hasMessageContaining("windshift.streams.bean-orders"));
	}

	@Test
	void failsStartupWhenAConsumerStreamIsMissing() {
		runner().withPropertyValues("windshift.consumers.lost.stream=no-such-stream")
			.run((context) -> assertThat(context).getFailure()
				.cause()
				.isInstanceOf(DeclarationException.class)
				.hasMessageContaining("consumer 'lost' of stream 'no-such-stream'")
				.hasMessageContaining("does not exist")
				.hasMessageContaining("[declared by windshift.consumers.lost]"));
	}

	@Test
	void twoInstancesStartingTogetherBothSucceed() throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < 4; round++) {
				String stream = "race-" + round;
				CyclicBarrier barrier = new CyclicBarrier(2);
				List<CompletableFuture<Throwable>> starts = new ArrayList<>();
				for (int instance = 0; instance < 2; instance++) {
					starts.add(CompletableFuture.supplyAsync(() -> {
						Throwable[] failure = new Throwable[1];
						runner()
							.withPropertyValues("windshift.streams." + stream + ".subjects=" + stream + ".>",
									"windshift.streams." + stream + ".max-age=1h",
									"windshift.consumers.worker.stream=" + stream,
									"windshift.consumers.worker.subjects=" + stream + ".created")
							.withInitializer((ctx) -> await(barrier))
							.run((context) -> failure[0] = context.getStartupFailure());
						return failure[0];
					}, executor));
				}
				for (CompletableFuture<Throwable> start : starts) {
					assertThat(start.get(60, TimeUnit.SECONDS)).isNull();
				}
				assertThat(reader.consumerInfo(stream, "worker")).isPresent();
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static void await(CyclicBarrier barrier) {
		try {
			barrier.await(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void backsOffWithoutAConnection() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WindshiftAdminAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(WindshiftAdmin.class));
	}

	@Test
	void declarationsCanBeSwitchedOff() {
		runner()
			.withPropertyValues("windshift.admin.declare-on-startup=false",
					"windshift.streams.never-declared.subjects=never.>")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(WindshiftAdmin.class)
					.doesNotHaveBean(WindshiftDeclarations.class);
				assertThat(reader.streamInfo("never-declared")).isEmpty();
			});
	}

	@Test
	void declarationsRunInAPhaseBeforeTheDefaultOne() {
		assertThat(WindshiftDeclarations.PHASE).isLessThan(SmartLifecycle.DEFAULT_PHASE);
	}

	@Configuration(proxyBeanMethods = false)
	static class Declarations {

		@Bean
		StreamDefinition beanOrders() {
			return StreamDefinition.builder("bean-orders").subjects("bean.orders.>").build();
		}

		@Bean
		ConsumerDefinition beanProcessor() {
			return ConsumerDefinition.builder("bean-orders")
				.name("bean-processor")
				.subjects("bean.orders.created")
				.processingTimeout(Duration.ofSeconds(20))
				.consumeFrom(StreamPointer.atStart())
				.build();
		}

		@Bean
		ConsumerDefinition ephemeralIsLeftToListeners() {
			return ConsumerDefinition.builder("bean-orders").build();
		}

		@Bean
		LateLifecycle lateLifecycle(WindshiftAdmin admin) {
			return new LateLifecycle(admin);
		}

	}

	/** Stands for a listener container: starts after the declarations. */
	static class LateLifecycle extends WindshiftLifecycle {

		private final WindshiftAdmin admin;

		volatile boolean streamExistedAtStart;

		LateLifecycle(WindshiftAdmin admin) {
			super(WindshiftDeclarations.PHASE + 100);
			this.admin = admin;
		}

		@Override
		public void start() {
			this.streamExistedAtStart = this.admin.consumerInfo("bean-orders", "bean-processor").isPresent();
			setRunning(true);
		}

	}

}
