package io.windshift.admin;

import io.nats.client.api.StreamConfiguration;
import io.windshift.streams.DiscardPolicy;
import io.windshift.streams.ScheduleSubjects;
import io.windshift.streams.StreamDefinition;
import io.windshift.streams.StreamSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The stream flags for delayed events, TTLs and atomic batches, and the schedule subjects
 * they bring.
 */
class StreamFeatureFlagsTests {

	@Test
	void scheduledEventsAddTheScheduleSubjectsAndRollUps() {
		StreamConfiguration config = StreamDefinition.builder("orders")
			.subjects("orders.>")
			.allowScheduledEvents(true)
			.allowEventTtl(true)
			.allowAtomicPublish(true)
			.build()
			.toStreamConfiguration();
		assertThat(config.getSubjects()).containsExactly("orders.>", "windshift.schedules.orders.>");
		assertThat(config.getAllowMsgSchedules()).isTrue();
		assertThat(config.getAllowRollup()).isTrue();
		assertThat(config.getAllowMessageTtl()).isTrue();
		assertThat(config.getAllowAtomicPublish()).isTrue();
		StreamConfiguration plain = StreamDefinition.builder("orders")
			.subjects("orders.>")
			.build()
			.toStreamConfiguration();
		assertThat(plain.getSubjects()).containsExactly("orders.>");
		assertThat(plain.getAllowMsgSchedules() || plain.getAllowMessageTtl() || plain.getAllowAtomicPublish())
			.isFalse();
	}

	@Test
	void refusesWhatTheServerCannotSchedule() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StreamDefinition.builder("copy")
				.mirror(StreamSource.of("orders"))
				.allowScheduledEvents(true)
				.build())
			.withMessageContaining("allowScheduledEvents")
			.withMessageContaining("'copy'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StreamDefinition.builder("orders")
				.subjects("orders.>")
				.discardPolicy(DiscardPolicy.NEW)
				.allowScheduledEvents(true)
				.build())
			.withMessageContaining("discardPolicy NEW");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StreamDefinition.builder("orders")
				.subjects("windshift.*.orders.x")
				.allowScheduledEvents(true)
				.build())
			.withMessageContaining("windshift.schedules.orders.>");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StreamDefinition.builder("copy")
				.mirror(StreamSource.of("orders"))
				.allowAtomicPublish(true)
				.build())
			.withMessageContaining("allowAtomicPublish");
	}

	@Test
	void scheduleSubjectsOverlapOnlyFiltersThatCanMatchThem() {
		assertThat(ScheduleSubjects.overlaps(">", "orders")).isTrue();
		assertThat(ScheduleSubjects.overlaps("windshift.>", "orders")).isTrue();
		assertThat(ScheduleSubjects.overlaps("windshift.schedules.orders.x", "orders")).isTrue();
		assertThat(ScheduleSubjects.overlaps("windshift.schedules.other.>", "orders")).isFalse();
		assertThat(ScheduleSubjects.overlaps("windshift.dlq.>", "orders")).isFalse();
		assertThat(ScheduleSubjects.overlaps("orders.>", "orders")).isFalse();
		assertThat(ScheduleSubjects.overlaps("windshift.schedules", "orders")).isFalse();
	}

	@Test
	void turningScheduleOrTtlOffIsImpossibleButOnIsSafe() {
		StreamConfiguration off = StreamDefinition.builder("orders")
			.subjects("orders.>")
			.build()
			.toStreamConfiguration();
		StreamConfiguration on = StreamDefinition.builder("orders")
			.subjects("orders.>")
			.allowEventTtl(true)
			.allowAtomicPublish(true)
			.build()
			.toStreamConfiguration();
		assertThat(StreamDiff.between(off, on).changes()).extracting(Change::field, Change::kind)
			.contains(org.assertj.core.groups.Tuple.tuple("allowEventTtl", Change.Kind.SAFE),
					org.assertj.core.groups.Tuple.tuple("allowAtomicPublish", Change.Kind.SAFE));
		assertThat(StreamDiff.between(on, off).changes()).extracting(Change::field, Change::kind)
			.contains(org.assertj.core.groups.Tuple.tuple("allowEventTtl", Change.Kind.IMPOSSIBLE),
					org.assertj.core.groups.Tuple.tuple("allowAtomicPublish", Change.Kind.SAFE));
	}

}
