package io.windshift.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.impl.Headers;
import io.windshift.admin.WindshiftAdmin;
import io.windshift.consumers.ConsumerDefinition;
import io.windshift.streams.ScheduleSubjects;
import io.windshift.streams.StorageType;
import io.windshift.streams.StreamDefinition;
import io.windshift.streams.StreamPointer;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;
import io.windshift.events.internal.PublishedTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Delayed events and time to live against a real 2.12+ server: never delivered before
 * their time, delivered once, headers intact, no schedule seen by a consumer over the
 * whole stream, removal after the TTL, and clear refusals on streams without the flags.
 */
class DelayedEventsTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create();

	private static WindshiftTemplate template;

	private static WindshiftAdmin admin;

	@BeforeAll
	static void start() {
		admin = new WindshiftAdmin(nats.connection());
		admin.ensureStream(StreamDefinition.builder("reminders")
			.subjects("reminders.>")
			.storage(StorageType.MEMORY)
			.allowScheduledEvents(true)
			.allowEventTtl(true)
			.build());
		admin.ensureStream(StreamDefinition.builder("whole")
			.subjects("whole.>")
			.storage(StorageType.MEMORY)
			.allowScheduledEvents(true)
			.build());
		admin.ensureStream(StreamDefinition.builder("once")
			.subjects("once.>")
			.storage(StorageType.MEMORY)
			.allowScheduledEvents(true)
			.build());
		admin.ensureStream(StreamDefinition.builder("plain").subjects("plain.>").storage(StorageType.MEMORY).build());
		template = WindshiftTemplate.builder(nats.connection())
			.headersCustomizers(List.of((event, headers) -> headers.put(WireHeaders.TRACE_PARENT,
					"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")))
			.build();
	}

	@AfterAll
	static void stop() {
		template.close();
	}

	private static OrderCreated order(String id) {
		return OrderCreated.newBuilder().setOrderId(id).setCustomer("acme").build();
	}

	@Test
	void aDelayedEventReachesAWholeStreamConsumerOnceAtItsTimeWithItsHeaders() throws Exception {
		// a listener without subjects: its consumer must not see the schedule
		ConsumerInfo consumer = admin.ensureConsumer(
				ConsumerDefinition.builder("whole").name("all").consumeFrom(StreamPointer.atStart()).build());
		assertThat(consumer.getConsumerConfiguration().getFilterSubjects()).containsExactly("whole.>");
		Instant occurredAt = Instant.parse("2026-11-27T20:25:37.123456700Z");
		Instant due = Instant.now().plusSeconds(3);
		PublishedEvent scheduled = template.publish(OutgoingEvent.builder("whole.due", order("r-1"))
			.occurredAt(occurredAt)
			.idempotencyKey("reminder-1")
			.header("tenant", "acme")
			.deliverAt(due)
			.build());
		assertThat(scheduled.stream()).isEqualTo("whole");
		var sub = nats.connection()
			.jetStream()
			.subscribe(null, io.nats.client.PullSubscribeOptions.bind("whole", "all"));
		// nothing before its time
		while (Instant.now().isBefore(due.minusMillis(300))) {
			List<Message> early = sub.fetch(1, Duration.ofMillis(200));
			assertThat(early).as("delivered before %s", due).isEmpty();
		}
		List<Message> delivered = sub.fetch(5, Duration.ofSeconds(5));
		Instant arrived = Instant.now();
		assertThat(delivered).hasSize(1);
		assertThat(arrived).isAfterOrEqualTo(due);
		Message message = delivered.get(0);
		message.ack();
		assertThat(message.getSubject()).isEqualTo("whole.due");
		assertThat(OrderCreated.parseFrom(message.getData())).isEqualTo(order("r-1"));
		Headers headers = message.getHeaders();
		assertThat(headers.getFirst(WireHeaders.DATA_TYPE)).isEqualTo("windshift.test.v1.OrderCreated");
		assertThat(PublishedTime.parse(headers.getFirst(WireHeaders.PUBLISHED_TIME))).isEqualTo(occurredAt);
		assertThat(headers.getFirst(WireHeaders.SCHEDULED_MSG_ID)).isEqualTo("reminder-1");
		assertThat(headers.getFirst(WireHeaders.TRACE_PARENT)).startsWith("00-4bf92f");
		assertThat(headers.getFirst("tenant")).isEqualTo("acme");
		// once: nothing else comes, and the schedule is purged from the stream
		assertThat(sub.fetch(5, Duration.ofSeconds(2))).isEmpty();
		StreamInfo info = nats.connection()
			.jetStreamManagement()
			.getStreamInfo("whole", StreamInfoOptions.filterSubjects(ScheduleSubjects.of("whole")));
		assertThat(info.getStreamState().getSubjects()).isNullOrEmpty();
	}

	@Test
	void republishingADelayedEventWithItsKeySchedulesItOnce() throws Exception {
		OutgoingEvent event = OutgoingEvent.builder("once.due", order("r-2"))
			.idempotencyKey("reminder-2")
			.deliverAfter(Duration.ofSeconds(1))
			.build();
		PublishedEvent first = template.publish(event);
		PublishedEvent second = template.publish(event);
		assertThat(second.duplicate()).isTrue();
		assertThat(second.id()).isEqualTo(first.id());
		JetStreamManagement jsm = nats.connection().jetStreamManagement();
		// before it fires the stream holds the one schedule; after, the one delivered
		// event (the schedule is purged)
		await().atMost(Duration.ofSeconds(10))
			.ignoreExceptions()
			.until(() -> jsm.getLastMessage("once", "once.due") != null);
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(3))
			.until(() -> jsm.getStreamInfo("once").getStreamState().getMsgCount() == 1);
	}

	@Test
	void anEventWithATimeToLiveIsRemovedAfterIt() throws Exception {
		PublishedEvent published = template
			.publish(OutgoingEvent.builder("reminders.short", order("t-1")).ttl(Duration.ofSeconds(1)).build());
		JetStreamManagement jsm = nats.connection().jetStreamManagement();
		assertThat(jsm.getMessage("reminders", published.id()).getHeaders().getFirst("Nats-TTL")).isEqualTo("1s");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThatExceptionOfType(JetStreamApiException.class)
				.isThrownBy(() -> jsm.getMessage("reminders", published.id())));
	}

	@Test
	void aDelayedEventToAStreamWithoutSchedulesIsRefusedAndNothingIsStored() throws Exception {
		OutgoingEvent event = OutgoingEvent.builder("plain.later", order("p-1"))
			.deliverAfter(Duration.ofSeconds(1))
			.build();
		assertThatExceptionOfType(UnsupportedFeatureException.class).isThrownBy(() -> template.publish(event))
			.withMessageContaining("delayed events")
			.withMessageContaining("allowScheduledEvents(true)")
			.withMessageContaining("2.12.0")
			.satisfies((ex) -> assertThat(ex.getFeature()).isEqualTo("delayed events"));
		assertThat(template.publishAsync(event)).failsWithin(Duration.ofSeconds(5))
			.withThrowableThat()
			.havingRootCause()
			.isInstanceOf(UnsupportedFeatureException.class);
		assertThat(nats.connection().jetStreamManagement().getStreamInfo("plain").getStreamState().getMsgCount())
			.isZero();
	}

	@Test
	void aTimeToLiveOnAStreamWithoutItIsRefused() throws Exception {
		assertThatExceptionOfType(UnsupportedFeatureException.class)
			.isThrownBy(() -> template
				.publish(OutgoingEvent.builder("plain.ttl", order("p-2")).ttl(Duration.ofSeconds(5)).build()))
			.withMessageContaining("per-event time to live")
			.withMessageContaining("allowEventTtl(true)");
		assertThat(nats.connection().jetStreamManagement().getStreamInfo("plain").getStreamState().getMsgCount())
			.isZero();
	}

}
