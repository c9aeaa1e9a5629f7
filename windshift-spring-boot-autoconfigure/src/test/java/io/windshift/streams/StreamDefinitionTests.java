package io.windshift.streams;

import java.time.Duration;
import java.time.Instant;

import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StreamDefinitionTests {

	@Test
	void defaults() {
		StreamDefinition definition = StreamDefinition.builder("orders").subjects("orders.>").build();
		assertThat(definition.name()).isEqualTo("orders");
		assertThat(definition.subjects()).containsExactly("orders.>");
		assertThat(definition.maxAge()).isZero();
		assertThat(definition.maxBytes()).isZero();
		assertThat(definition.discardPolicy()).isEqualTo(DiscardPolicy.OLD);
		assertThat(definition.storage()).isEqualTo(StorageType.FILE);
		assertThat(definition.replicas()).isOne();
		assertThat(definition.deduplicationWindow()).isEqualTo(Duration.ofMinutes(2));
		assertThat(definition.mirror()).isNull();
	}

	@Test
	void mapsEveryOptionToTheServerConfigurationWithZeroAsUnlimited() {
		StreamConfiguration config = StreamDefinition.builder("orders")
			.subjects("orders.>", "refunds.*")
			.maxAge(Duration.ofDays(30))
			.maxBytes(1 << 30)
			.maxEventsPerSubject(100)
			.maxEventSize(1 << 20)
			.discardPolicy(DiscardPolicy.NEW)
			.discardNewPerSubject(true)
			.storage(StorageType.MEMORY)
			.replicas(3)
			.deduplicationWindow(Duration.ofMinutes(5))
			.description("all orders")
			.build()
			.toStreamConfiguration();
		assertThat(config.getName()).isEqualTo("orders");
		assertThat(config.getSubjects()).containsExactly("orders.>", "refunds.*");
		assertThat(config.getMaxAge()).isEqualTo(Duration.ofDays(30));
		assertThat(config.getMaxBytes()).isEqualTo(1 << 30);
		assertThat(config.getMaxMsgs()).isEqualTo(-1);
		assertThat(config.getMaxMsgsPerSubject()).isEqualTo(100);
		assertThat(config.getMaxMsgSize()).isEqualTo(1 << 20);
		assertThat(config.getDiscardPolicy()).isEqualTo(io.nats.client.api.DiscardPolicy.New);
		assertThat(config.isDiscardNewPerSubject()).isTrue();
		assertThat(config.getStorageType()).isEqualTo(io.nats.client.api.StorageType.Memory);
		assertThat(config.getReplicas()).isEqualTo(3);
		assertThat(config.getDuplicateWindow()).isEqualTo(Duration.ofMinutes(5));
		assertThat(config.getDescription()).isEqualTo("all orders");
	}

	@Test
	void mapsSourcesAndMirrors() {
		StreamConfiguration aggregate = StreamDefinition.builder("all")
			.aggregate(StreamSource.of("a"), StreamSource.of("b").from(StreamPointer.atId(5)).filterSubject("b.x.>"),
					StreamSource.of("c").from(StreamPointer.atTime(Instant.parse("2026-01-01T00:00:00Z"))))
			.build()
			.toStreamConfiguration();
		assertThat(aggregate.getSources()).hasSize(3);
		assertThat(aggregate.getSources().get(1).getName()).isEqualTo("b");
		assertThat(aggregate.getSources().get(1).getStartSeq()).isEqualTo(5);
		assertThat(aggregate.getSources().get(1).getFilterSubject()).isEqualTo("b.x.>");
		assertThat(aggregate.getSources().get(2).getStartTime().toInstant())
			.isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
		StreamConfiguration mirror = StreamDefinition.builder("copy")
			.mirror(StreamSource.of("orders"))
			.build()
			.toStreamConfiguration();
		assertThat(mirror.getMirror().getName()).isEqualTo("orders");
		assertThat(mirror.getSubjects()).isEmpty();
	}

	@Test
	void rejectsInvalidNameAndSubjects() {
		assertThatIllegalArgumentException().isThrownBy(() -> StreamDefinition.builder("orders.v1"))
			.withMessageContaining("'orders.v1'")
			.withMessageContaining(NamingRules.NAME_RULE);
		assertThatIllegalArgumentException().isThrownBy(() -> StreamDefinition.builder("orders").subjects("orders.>.x"))
			.withMessageContaining("'orders.>.x'")
			.withMessageContaining("stream 'orders'");
	}

	@Test
	void rejectsInconsistentSettingsNamingStreamAndField() {
		assertThatIllegalArgumentException().isThrownBy(() -> StreamDefinition.builder("orders").build())
			.withMessageContaining("'orders'")
			.withMessageContaining("subjects");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StreamDefinition.builder("copy").subjects("x").mirror(StreamSource.of("orders")).build())
			.withMessageContaining("mirror")
			.withMessageContaining("'copy'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StreamDefinition.builder("orders").subjects("x").maxBytes(-1).build())
			.withMessageContaining("maxBytes '-1'")
			.withMessageContaining("'orders'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StreamDefinition.builder("orders").subjects("x").replicas(7).build())
			.withMessageContaining("replicas '7'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StreamDefinition.builder("orders").subjects("x").maxAge(Duration.ofMinutes(1)).build())
			.withMessageContaining("deduplicationWindow");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StreamDefinition.builder("orders").subjects("x").discardNewPerSubject(true).build())
			.withMessageContaining("discardNewPerSubject");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StreamDefinition.builder("orders").aggregate(StreamSource.of("orders")).build())
			.withMessageContaining("itself");
		assertThatIllegalArgumentException()
			.isThrownBy(
					() -> StreamDefinition.builder("all").aggregate(StreamSource.of("a"), StreamSource.of("a")).build())
			.withMessageContaining("only once");
		assertThatIllegalArgumentException().isThrownBy(() -> StreamSource.of("a").from(StreamPointer.onlyNew()))
			.withMessageContaining("'new'")
			.withMessageContaining("'a'");
	}

	@Test
	void toBuilderCopiesEverything() {
		StreamDefinition definition = StreamDefinition.builder("orders")
			.subjects("orders.>")
			.maxAge(Duration.ofDays(1))
			.maxEvents(10)
			.description("d")
			.build();
		assertThat(definition.toBuilder().build()).isEqualTo(definition).hasSameHashCodeAs(definition);
		assertThat(definition.toBuilder().maxEvents(11).build()).isNotEqualTo(definition);
	}

}
