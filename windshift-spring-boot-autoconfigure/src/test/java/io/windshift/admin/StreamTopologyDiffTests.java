package io.windshift.admin;

import io.windshift.streams.Placement;
import io.windshift.streams.RetentionPolicy;
import io.windshift.streams.StreamDefinition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** {@link StreamDiff} on retention, compression and placement. */
class StreamTopologyDiffTests {

	private static final StreamDefinition BASE = StreamDefinition.builder("jobs").subjects("jobs.>").build();

	private static StreamDiff diff(StreamDefinition current, StreamDefinition declared) {
		return StreamDiff.between(current.toStreamConfiguration(), declared.toStreamConfiguration());
	}

	@Test
	void retentionCannotChangeAndSaysSoBeforeTheServer() {
		StreamDiff diff = diff(BASE, BASE.toBuilder().retention(RetentionPolicy.WORK_QUEUE).build());
		assertThat(diff.changes(Change.Kind.IMPOSSIBLE)).singleElement()
			.satisfies((change) -> assertThat(change.toString()).contains("retention")
				.contains("LIMITS")
				.contains("WORK_QUEUE"));
		assertThatExceptionOfType(DeclarationException.class).isThrownBy(() -> diff.requireApplicable(true))
			.withMessageContaining("stream 'jobs'")
			.withMessageContaining("the server cannot change retention");
	}

	@Test
	void compressionChangesSafely() {
		StreamDiff diff = diff(BASE, BASE.toBuilder().compression(true).build());
		assertThat(diff.changes(Change.Kind.SAFE)).singleElement()
			.satisfies((change) -> assertThat(change.field()).isEqualTo("compression"));
		assertThatNoException().isThrownBy(() -> diff.requireApplicable(false));
	}

	@Test
	void placementChangesSafelyAndTagOrderDoesNotMatter() {
		StreamDefinition east = BASE.toBuilder().placement(Placement.cluster("east").tags("a", "b")).build();
		StreamDiff moved = diff(BASE, east);
		assertThat(moved.changes(Change.Kind.SAFE)).singleElement()
			.satisfies((change) -> assertThat(change.toString()).contains("placement")
				.contains("none")
				.contains("cluster east tags [a, b]"));
		StreamDefinition reordered = BASE.toBuilder().placement(Placement.cluster("east").tags("b", "a")).build();
		assertThat(diff(east, reordered).isEmpty()).isTrue();
		assertThat(diff(BASE, BASE.toBuilder().placement(Placement.tagged()).build()).isEmpty()).isTrue();
	}

	@Test
	void sameTopologyIsNoChange() {
		StreamDefinition all = BASE.toBuilder()
			.retention(RetentionPolicy.INTEREST)
			.compression(true)
			.placement(Placement.tagged("ssd"))
			.build();
		assertThat(diff(all, all).isEmpty()).isTrue();
	}

}
