package io.windshift.admin;

import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.RetentionPolicy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WorkQueueRulesTests {

	@Test
	void filtersOverlapWhenOneSubjectMatchesBoth() {
		assertThat(WorkQueueRules.overlap("jobs.a", "jobs.a")).isTrue();
		assertThat(WorkQueueRules.overlap("jobs.*", "jobs.a")).isTrue();
		assertThat(WorkQueueRules.overlap("jobs.>", "jobs.a.b")).isTrue();
		assertThat(WorkQueueRules.overlap(">", "jobs.a")).isTrue();
		assertThat(WorkQueueRules.overlap("jobs.*.x", "jobs.a.*")).isTrue();
		assertThat(WorkQueueRules.overlap("jobs.a", "jobs.b")).isFalse();
		assertThat(WorkQueueRules.overlap("jobs.*", "jobs.a.b")).isFalse();
		assertThat(WorkQueueRules.overlap("jobs.>", "jobs")).isFalse();
		assertThat(WorkQueueRules.overlap("jobs.a", "jobs.a.b")).isFalse();
	}

	@Test
	void workQueueConsumersDeliverAllWhateverTheirStart() {
		ConsumerConfiguration fromNew = ConsumerConfiguration.builder()
			.durable("c")
			.deliverPolicy(DeliverPolicy.New)
			.build();
		assertThat(WorkQueueRules.deliverAll(fromNew, () -> RetentionPolicy.WorkQueue).getDeliverPolicy())
			.isEqualTo(DeliverPolicy.All);
		assertThat(WorkQueueRules.deliverAll(fromNew, () -> RetentionPolicy.Interest).getDeliverPolicy())
			.isEqualTo(DeliverPolicy.New);
		ConsumerConfiguration bySequence = ConsumerConfiguration.builder()
			.durable("c")
			.deliverPolicy(DeliverPolicy.ByStartSequence)
			.startSequence(5)
			.build();
		ConsumerConfiguration adjusted = WorkQueueRules.deliverAll(bySequence, () -> RetentionPolicy.WorkQueue);
		assertThat(adjusted.getDeliverPolicy()).isEqualTo(DeliverPolicy.All);
		assertThat(adjusted.getStartSequence()).isLessThanOrEqualTo(0);
	}

	@Test
	void streamIsNotAskedWhenAllIsDeliveredAnyway() {
		ConsumerConfiguration all = ConsumerConfiguration.builder()
			.durable("c")
			.deliverPolicy(DeliverPolicy.All)
			.build();
		assertThat(WorkQueueRules.deliverAll(all, () -> {
			throw new AssertionError("asked");
		})).isSameAs(all);
	}

}
