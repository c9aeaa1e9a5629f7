package io.windshift.admin;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import io.nats.client.Connection;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.windshift.test.TestConnections;
import io.windshift.consumers.ConsumerDefinition;
import io.windshift.streams.DiscardPolicy;
import io.windshift.streams.StorageType;
import io.windshift.streams.StreamDefinition;
import io.windshift.streams.StreamPointer;
import io.windshift.streams.StreamSource;
import io.windshift.test.NatsServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link WindshiftAdmin} against a real server: every stream option, read back, and every
 * refusal.
 */
class WindshiftAdminStreamTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create();

	private static WindshiftAdmin admin;

	@BeforeAll
	static void start() throws Exception {
		admin = new WindshiftAdmin(nats.connection());
	}

	@Test
	void createsStreamWithEveryOptionAndLeavesItAloneWhenEnsuredAgain() {
		StreamDefinition definition = StreamDefinition.builder("every")
			.subjects("every.>", "all.*")
			.maxAge(Duration.ofDays(30))
			.maxBytes(1 << 24)
			.maxEvents(1_000_000)
			.maxEventsPerSubject(100)
			.maxEventSize(1 << 16)
			.discardPolicy(DiscardPolicy.NEW)
			.discardNewPerSubject(true)
			.storage(StorageType.MEMORY)
			.replicas(1)
			.deduplicationWindow(Duration.ofMinutes(5))
			.description("every option")
			.build();
		admin.ensureStream(definition);
		StreamConfiguration config = admin.streamInfo("every").orElseThrow().getConfiguration();
		assertThat(config.getSubjects()).containsExactly("every.>", "all.*");
		assertThat(config.getMaxAge()).isEqualTo(Duration.ofDays(30));
		assertThat(config.getMaxBytes()).isEqualTo(1 << 24);
		assertThat(config.getMaxMsgs()).isEqualTo(1_000_000);
		assertThat(config.getMaxMsgsPerSubject()).isEqualTo(100);
		assertThat(config.getMaxMsgSize()).isEqualTo(1 << 16);
		assertThat(config.getDiscardPolicy()).isEqualTo(io.nats.client.api.DiscardPolicy.New);
		assertThat(config.isDiscardNewPerSubject()).isTrue();
		assertThat(config.getStorageType()).isEqualTo(io.nats.client.api.StorageType.Memory);
		assertThat(config.getReplicas()).isEqualTo(1);
		assertThat(config.getDuplicateWindow()).isEqualTo(Duration.ofMinutes(5));
		assertThat(config.getDescription()).isEqualTo("every option");
		assertThat(StreamDiff.between(config, definition.toStreamConfiguration()).changes()).isEmpty();
		StreamInfo again = admin.ensureStream(definition);
		assertThat(again.getCreateTime()).isEqualTo(admin.streamInfo("every").orElseThrow().getCreateTime());
	}

	@Test
	void defaultsAreUnlimitedWithTwoMinuteDeduplication() {
		admin.ensureStream(StreamDefinition.builder("defaults").subjects("defaults.>").build());
		StreamConfiguration config = admin.streamInfo("defaults").orElseThrow().getConfiguration();
		assertThat(config.getMaxAge()).isZero();
		assertThat(config.getMaxBytes()).isEqualTo(-1);
		assertThat(config.getMaxMsgs()).isEqualTo(-1);
		assertThat(config.getMaxMsgsPerSubject()).isEqualTo(-1);
		assertThat(config.getMaxMsgSize()).isEqualTo(-1);
		assertThat(config.getStorageType()).isEqualTo(io.nats.client.api.StorageType.File);
		assertThat(config.getDuplicateWindow()).isEqualTo(Duration.ofMinutes(2));
	}

	@Test
	void aggregatesAndMirrorsOtherStreams() throws Exception {
		admin.ensureStream(StreamDefinition.builder("src-a").subjects("src-a.>").build());
		admin.ensureStream(StreamDefinition.builder("src-b").subjects("src-b.>").build());
		StreamDefinition aggregate = StreamDefinition.builder("aggregate")
			.aggregate(StreamSource.of("src-a"),
					StreamSource.of("src-b").from(StreamPointer.atId(2)).filterSubject("src-b.x.>"))
			.build();
		StreamDefinition mirror = StreamDefinition.builder("mirror")
			.mirror(StreamSource.of("src-a").from(StreamPointer.atTime(Instant.parse("2026-01-01T00:00:00Z"))))
			.build();
		admin.ensureStream(aggregate);
		admin.ensureStream(mirror);
		for (String subject : new String[] { "src-a.1", "src-b.x.1", "src-b.x.2", "src-b.y.1" }) {
			nats.connection().jetStream().publish(subject, "e".getBytes(StandardCharsets.UTF_8));
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(messages("aggregate")).isEqualTo(2)); // src-a.1
																													// and
																													// src-b.x.2
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(messages("mirror")).isEqualTo(1));
		StreamConfiguration config = admin.streamInfo("aggregate").orElseThrow().getConfiguration();
		assertThat(config.getSources()).extracting("name").containsExactly("src-a", "src-b");
		assertThat(config.getSources().get(1).getStartSeq()).isEqualTo(2);
		assertThat(config.getSources().get(1).getFilterSubject()).isEqualTo("src-b.x.>");
		assertThat(StreamDiff.between(config, aggregate.toStreamConfiguration()).changes()).isEmpty();
		StreamConfiguration mirrorConfig = admin.streamInfo("mirror").orElseThrow().getConfiguration();
		assertThat(mirrorConfig.getMirror().getName()).isEqualTo("src-a");
		assertThat(StreamDiff.between(mirrorConfig, mirror.toStreamConfiguration()).changes()).isEmpty();
		assertThatExceptionOfType(DeclarationException.class).isThrownBy(
				() -> admin.ensureStream(StreamDefinition.builder("mirror").mirror(StreamSource.of("src-b")).build()))
			.withMessageContaining("stream 'mirror'")
			.withMessageContaining("mirror from src-a from time:2026-01-01T00:00:00Z to src-b from start");
	}

	private long messages(String stream) {
		return admin.streamInfo(stream).orElseThrow().getStreamState().getMsgCount();
	}

	@Test
	void appliesSafeChanges() {
		admin.ensureStream(StreamDefinition.builder("safe").subjects("safe.a").maxEvents(10).build());
		admin.ensureStream(StreamDefinition.builder("safe")
			.subjects("safe.a", "safe.b")
			.maxEvents(20)
			.maxEventSize(1000)
			.description("grown")
			.deduplicationWindow(Duration.ofMinutes(1))
			.build());
		StreamConfiguration config = admin.streamInfo("safe").orElseThrow().getConfiguration();
		assertThat(config.getSubjects()).containsExactly("safe.a", "safe.b");
		assertThat(config.getMaxMsgs()).isEqualTo(20);
		assertThat(config.getMaxMsgSize()).isEqualTo(1000);
		assertThat(config.getDescription()).isEqualTo("grown");
		assertThat(config.getDuplicateWindow()).isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void refusesEveryDestructiveChangeNamingStreamFieldValuesAndProperty() {
		StreamDefinition original = StreamDefinition.builder("keep")
			.subjects("keep.a", "keep.b")
			.maxAge(Duration.ofDays(30))
			.maxEvents(100)
			.maxEventsPerSubject(10)
			.build();
		admin.ensureStream(original);
		assertRefused(original.toBuilder().maxAge(Duration.ofDays(1)).build(), "maxAge from 30d to 1d");
		assertRefused(original.toBuilder().maxEvents(50).build(), "maxEvents from 100 to 50");
		assertRefused(original.toBuilder().maxEventsPerSubject(5).build(), "maxEventsPerSubject from 10 to 5");
		assertRefused(original.toBuilder().maxBytes(1024).build(), "maxBytes from unlimited to 1024");
		assertRefused(StreamDefinition.builder("keep")
			.subjects("keep.a")
			.maxAge(Duration.ofDays(30))
			.maxEvents(100)
			.maxEventsPerSubject(10)
			.build(), "subjects from [keep.a, keep.b] to [keep.a]");
		assertThat(admin.streamInfo("keep").orElseThrow().getConfiguration().getMaxAge())
			.isEqualTo(Duration.ofDays(30));
		WindshiftAdmin permissive = new WindshiftAdmin(nats.connection(), true);
		permissive.ensureStream(original.toBuilder().maxAge(Duration.ofDays(1)).maxEvents(50).build());
		StreamConfiguration config = admin.streamInfo("keep").orElseThrow().getConfiguration();
		assertThat(config.getMaxAge()).isEqualTo(Duration.ofDays(1));
		assertThat(config.getMaxMsgs()).isEqualTo(50);
	}

	private void assertRefused(StreamDefinition definition, String change) {
		assertThatExceptionOfType(DestructiveChangeException.class).isThrownBy(() -> admin.ensureStream(definition))
			.withMessageContaining("stream 'keep'")
			.withMessageContaining(change)
			.withMessageContaining("windshift.admin.allow-destructive-changes=true");
	}

	@Test
	void failsClearlyOnChangesTheServerCannotMake() {
		admin.ensureStream(StreamDefinition.builder("stored").subjects("stored.>").build());
		assertThatExceptionOfType(DeclarationException.class)
			.isThrownBy(() -> admin.ensureStream(
					StreamDefinition.builder("stored").subjects("stored.>").storage(StorageType.MEMORY).build()))
			.withMessageContaining("stream 'stored'")
			.withMessageContaining("storage from FILE to MEMORY")
			.withMessageNotContaining("100");
	}

	@Test
	void failsWhenASubjectIsBoundToAnotherStreamNamingBoth() {
		admin.ensureStream(StreamDefinition.builder("owner").subjects("owned.>").build());
		assertThatExceptionOfType(SubjectConflictException.class)
			.isThrownBy(() -> admin.ensureStream(StreamDefinition.builder("intruder").subjects("owned.x").build()))
			.withMessageContaining("stream 'intruder'")
			.withMessageContaining("'owned.x'")
			.withMessageContaining("stream 'owner'")
			.satisfies((ex) -> assertThat(ex.getOtherStream()).isEqualTo("owner"));
		admin.ensureStream(StreamDefinition.builder("narrow").subjects("narrow.x.y").build());
		assertThatExceptionOfType(SubjectConflictException.class)
			.isThrownBy(() -> admin.ensureStream(StreamDefinition.builder("wide").subjects("narrow.*.y").build()))
			.withMessageContaining("stream 'wide'")
			.withMessageContaining("'narrow.*.y'")
			.withMessageContaining("stream 'narrow'");
		admin.ensureStream(StreamDefinition.builder("growing").subjects("growing.>").build());
		assertThatExceptionOfType(SubjectConflictException.class)
			.isThrownBy(() -> admin
				.ensureStream(StreamDefinition.builder("growing").subjects("growing.>", "owned.z").build()))
			.withMessageContaining("Cannot update stream 'growing'")
			.withMessageContaining("'owned.z'")
			.withMessageContaining("stream 'owner'");
	}

	@Test
	void replicasBeyondASingleServerFailWithoutRawCodes() {
		assertThatExceptionOfType(DeclarationException.class)
			.isThrownBy(() -> admin
				.ensureStream(StreamDefinition.builder("replicated").subjects("replicated.>").replicas(3).build()))
			.withMessageContaining("stream 'replicated'")
			.withMessageContaining("replicas")
			.withMessageNotContaining("10074");
	}

	@Test
	void instancesRacingToCreateDifferentlyDescribedStreamsAndConsumersBothSucceed() throws Exception {
		try (Connection other = TestConnections.connect(nats.url())) {
			WindshiftAdmin otherAdmin = new WindshiftAdmin(other);
			for (int round = 0; round < 10; round++) {
				String stream = "racing-" + round;
				CyclicBarrier barrier = new CyclicBarrier(2);
				CompletableFuture<?> first = CompletableFuture.runAsync(() -> race(admin, stream, "first", barrier));
				CompletableFuture<?> second = CompletableFuture
					.runAsync(() -> race(otherAdmin, stream, "second", barrier));
				first.get(30, TimeUnit.SECONDS);
				second.get(30, TimeUnit.SECONDS);
				assertThat(admin.streamInfo(stream).orElseThrow().getConfiguration().getDescription()).isIn("first",
						"second");
				assertThat(admin.consumerInfo(stream, "worker")).isPresent();
			}
		}
	}

	private static void race(WindshiftAdmin admin, String stream, String description, CyclicBarrier barrier) {
		try {
			barrier.await(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		admin.ensureStream(StreamDefinition.builder(stream).subjects(stream + ".>").description(description).build());
		admin.ensureConsumer(ConsumerDefinition.builder(stream).name("worker").description(description).build());
	}

	@Test
	void streamInfoOfAMissingStreamIsEmpty() {
		assertThat(admin.streamInfo("missing")).isEmpty();
	}

}
