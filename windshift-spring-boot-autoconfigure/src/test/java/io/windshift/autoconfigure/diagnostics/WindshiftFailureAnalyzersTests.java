package io.windshift.autoconfigure.diagnostics;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.autoconfigure.WindshiftAdminAutoConfiguration;
import io.windshift.autoconfigure.WindshiftConnectionAutoConfiguration;
import io.windshift.autoconfigure.WindshiftListenerAutoConfiguration;
import io.windshift.listener.WindshiftListener;
import io.windshift.test.FreePorts;
import io.windshift.test.NatsServerExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failure analyzers, registered in {@code spring.factories}, explain real failed
 * startups: each context below fails for one cause, and exactly the analysis for that
 * cause comes back, with an action.
 */
class WindshiftFailureAnalyzersTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create();

	private static final List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
		.load(FailureAnalyzer.class, (type, name, failure) -> {
			// Boot's own analyzers need an application context; only ours matter here
		})
		.stream()
		.filter((analyzer) -> analyzer.getClass().getPackageName().startsWith("io.windshift"))
		.toList();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WindshiftConnectionAutoConfiguration.class,
				WindshiftAdminAutoConfiguration.class, WindshiftListenerAutoConfiguration.class));

	@Test
	void allFourAnalyzersAreRegistered() {
		assertThat(analyzers).extracting((analyzer) -> analyzer.getClass().getSimpleName())
			.containsExactlyInAnyOrder("DestructiveChangeFailureAnalyzer", "InvalidListenerFailureAnalyzer",
					"NatsUnreachableFailureAnalyzer", "SubjectConflictFailureAnalyzer");
	}

	@Test
	void noServerReachable() {
		this.runner
			.withPropertyValues("windshift.nats.servers=nats://127.0.0.1:" + FreePorts.next(),
					"windshift.nats.connection-timeout=500ms")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).startsWith("Could not connect to NATS at [nats://127.0.0.1:");
				assertThat(analysis.getAction()).contains("nats-server -js")
					.contains("windshift.dev-server.enabled=true");
			});
	}

	@Test
	void destructiveDeclarationChangeRefused() throws Exception {
		nats.connection()
			.jetStreamManagement()
			.addStream(StreamConfiguration.builder()
				.name("shrinking")
				.subjects("shrinking.>")
				.maxAge(Duration.ofDays(2))
				.storageType(StorageType.File)
				.build());
		this.runner
			.withPropertyValues("windshift.nats.servers=" + nats.url(),
					"windshift.streams.shrinking.subjects[0]=shrinking.>", "windshift.streams.shrinking.max-age=1h")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("Refusing to update stream 'shrinking'")
					.contains("Refused changes:");
				assertThat(analysis.getAction()).contains("windshift.admin.allow-destructive-changes=true");
			});
	}

	@Test
	void subjectBoundToAnotherStream() throws Exception {
		nats.connection()
			.jetStreamManagement()
			.addStream(StreamConfiguration.builder()
				.name("owner")
				.subjects("owned.>")
				.storageType(StorageType.Memory)
				.build());
		this.runner
			.withPropertyValues("windshift.nats.servers=" + nats.url(),
					"windshift.streams.intruder.subjects[0]=owned.x")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("already bound to stream 'owner'");
				assertThat(analysis.getAction()).contains("stream 'intruder'").contains("stream 'owner'");
			});
	}

	@Test
	void invalidListener() {
		this.runner.withPropertyValues("windshift.nats.servers=" + nats.url())
			.withUserConfiguration(BadListenerConfig.class)
			.run((context) -> {
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).startsWith("Invalid @WindshiftListener bean 'badListener'")
					.contains("java.lang.String");
				assertThat(analysis.getAction()).contains("generated protobuf message");
			});
	}

	@Test
	void listenerNamingAMissingContainerFactory() {
		this.runner.withPropertyValues("windshift.nats.servers=" + nats.url())
			.withUserConfiguration(MissingFactoryConfig.class)
			.run((context) -> {
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).startsWith("Invalid listener bean 'missingFactory'")
					.contains("no ListenerContainerFactory bean named 'nope'");
				assertThat(analysis.getAction()).contains("containerFactory");
			});
	}

	private static FailureAnalysis analyze(Throwable failure) {
		assertThat(failure).isNotNull();
		List<FailureAnalysis> analyses = analyzers.stream()
			.map((analyzer) -> analyzer.analyze(failure))
			.filter(Objects::nonNull)
			.toList();
		assertThat(analyses).as("analyses of %s", failure).hasSize(1);
		return analyses.get(0);
	}

	@Configuration(proxyBeanMethods = false)
	static class BadListenerConfig {

		@Bean
		BadListener badListener() {
			return new BadListener();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MissingFactoryConfig {

		@Bean
		MissingFactory missingFactory() {
			return new MissingFactory();
		}

	}

	static class MissingFactory {

		@WindshiftListener(stream = "any", containerFactory = "nope")
		void on(io.windshift.test.proto.OrderCreated order) {
		}

	}

	static class BadListener {

		@WindshiftListener(stream = "any")
		void on(String text) {
		}

	}

}
