package io.windshift.admin;

import java.time.Duration;

import io.nats.client.api.StreamConfiguration;
import io.windshift.streams.StorageType;
import io.windshift.streams.StreamDefinition;
import io.windshift.streams.StreamSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class StreamDiffTests {

	private static final StreamDefinition BASE = StreamDefinition.builder("orders")
		.subjects("orders.a", "orders.b")
		.maxAge(Duration.ofDays(30))
		.maxBytes(1000)
		.maxEvents(100)
		.maxEventsPerSubject(10)
		.maxEventSize(500)
		.build();

	private static StreamDiff diff(StreamDefinition current, StreamDefinition declared) {
		return StreamDiff.between(current.toStreamConfiguration(), declared.toStreamConfiguration());
	}

	@Test
	void noChangesForTheSameDefinition() {
		assertThat(diff(BASE, BASE).isEmpty()).isTrue();
	}

	@Test
	void unlimitedIsTheSameWhetherZeroOrNegative() {
		StreamConfiguration server = StreamConfiguration.builder(BASE.toStreamConfiguration())
			.maxBytes(-1)
			.maxMessages(-1)
			.build();
		StreamDefinition declared = BASE.toBuilder().maxBytes(0).maxEvents(0).build();
		assertThat(StreamDiff.between(server, declared.toStreamConfiguration()).isEmpty()).isTrue();
	}

	@Test
	void serverDefaultDeduplicationWindowEqualsTheDeclaredDefault() {
		StreamConfiguration server = StreamConfiguration.builder(BASE.toStreamConfiguration())
			.duplicateWindow(Duration.ZERO)
			.build();
		assertThat(StreamDiff.between(server, BASE.toStreamConfiguration()).isEmpty()).isTrue();
	}

	@Test
	void lowerLimitsShorterAgeAndRemovedSubjectsAreDestructive() {
		assertThat(diff(BASE, BASE.toBuilder().maxAge(Duration.ofDays(1)).build()).changes())
			.containsExactly(new Change("maxAge", "30d", "1d", Change.Kind.DESTRUCTIVE));
		assertThat(diff(BASE, BASE.toBuilder().maxBytes(999).build()).changes())
			.containsExactly(new Change("maxBytes", "1000", "999", Change.Kind.DESTRUCTIVE));
		assertThat(diff(BASE, BASE.toBuilder().maxEvents(99).build()).changes())
			.containsExactly(new Change("maxEvents", "100", "99", Change.Kind.DESTRUCTIVE));
		assertThat(diff(BASE, BASE.toBuilder().maxEventsPerSubject(9).build()).changes())
			.containsExactly(new Change("maxEventsPerSubject", "10", "9", Change.Kind.DESTRUCTIVE));
		StreamDefinition unlimited = StreamDefinition.builder("orders").subjects("orders.a", "orders.b").build();
		assertThat(diff(unlimited, unlimited.toBuilder().maxAge(Duration.ofDays(365)).build()).changes())
			.containsExactly(new Change("maxAge", "unlimited", "365d", Change.Kind.DESTRUCTIVE));
		StreamDefinition fewer = StreamDefinition.builder("orders")
			.subjects("orders.a")
			.maxAge(Duration.ofDays(30))
			.maxBytes(1000)
			.maxEvents(100)
			.maxEventsPerSubject(10)
			.maxEventSize(500)
			.build();
		assertThat(diff(BASE, fewer).changes())
			.containsExactly(new Change("subjects", "[orders.a, orders.b]", "[orders.a]", Change.Kind.DESTRUCTIVE));
	}

	@Test
	void higherLimitsAddedSubjectsAndOtherSettingsAreSafe() {
		StreamDefinition grown = StreamDefinition.builder("orders")
			.subjects("orders.a", "orders.b", "orders.c")
			.maxAge(Duration.ZERO)
			.maxBytes(2000)
			.maxEvents(0)
			.maxEventsPerSubject(11)
			.maxEventSize(100)
			.replicas(3)
			.deduplicationWindow(Duration.ofMinutes(1))
			.description("d")
			.build();
		StreamDiff diff = diff(BASE, grown);
		assertThat(diff.changes()).extracting(Change::field)
			.containsExactly("subjects", "maxAge", "maxBytes", "maxEvents", "maxEventsPerSubject", "maxEventSize",
					"replicas", "deduplicationWindow", "description");
		assertThat(diff.changes()).allMatch((change) -> change.kind() == Change.Kind.SAFE);
		assertThatNoException().isThrownBy(() -> diff.requireApplicable(false));
	}

	@Test
	void storageAndMirrorCannotChange() {
		StreamDiff storage = diff(BASE, BASE.toBuilder().storage(StorageType.MEMORY).build());
		assertThat(storage.changes()).containsExactly(new Change("storage", "FILE", "MEMORY", Change.Kind.IMPOSSIBLE));
		assertThatExceptionOfType(DeclarationException.class).isThrownBy(() -> storage.requireApplicable(true))
			.withMessageContaining("stream 'orders'")
			.withMessageContaining("storage from FILE to MEMORY");
		StreamDefinition mirror = StreamDefinition.builder("copy").mirror(StreamSource.of("a")).build();
		assertThat(diff(mirror, StreamDefinition.builder("copy").mirror(StreamSource.of("b")).build()).changes())
			.containsExactly(new Change("mirror", "a from start", "b from start", Change.Kind.IMPOSSIBLE));
	}

	@Test
	void sourcesCanChange() {
		StreamDefinition one = StreamDefinition.builder("all").aggregate(StreamSource.of("a")).build();
		StreamDefinition two = StreamDefinition.builder("all")
			.aggregate(StreamSource.of("a"), StreamSource.of("b"))
			.build();
		assertThat(diff(one, two).changes()).singleElement()
			.satisfies((change) -> assertThat(change.kind()).isEqualTo(Change.Kind.SAFE));
	}

	@Test
	void refusalNamesStreamFieldValuesAndPropertyUnlessAllowed() {
		StreamDiff diff = diff(BASE, BASE.toBuilder().maxAge(Duration.ofHours(12)).maxEvents(5).build());
		assertThatExceptionOfType(DestructiveChangeException.class).isThrownBy(() -> diff.requireApplicable(false))
			.withMessageContaining("stream 'orders'")
			.withMessageContaining("maxAge from 30d to 12h")
			.withMessageContaining("maxEvents from 100 to 5")
			.withMessageContaining("windshift.admin.allow-destructive-changes=true")
			.satisfies((ex) -> assertThat(ex.getChanges()).hasSize(2));
		assertThatNoException().isThrownBy(() -> diff.requireApplicable(true));
	}

}
