package io.windshift.events;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.google.protobuf.Any;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.nats.client.ConsumerContext;
import io.nats.client.ConsumeOptions;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.windshift.admin.WindshiftAdmin;
import io.windshift.observation.PublishObservations;
import io.windshift.observation.TestTracing;
import io.windshift.observation.TraceHeaders;
import io.windshift.streams.StorageType;
import io.windshift.streams.StreamDefinition;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A delayed event published by this starter, read the way windshift-go reads events (its
 * {@code Subscribe} and {@code parseHeaders}, checked against its source): a durable
 * consumer configured as windshift-go's {@code EnsureConsumer} configures one (filter on
 * the user subjects, explicit acks, ack wait 30 s, deliver new), consumed with pulls of 1
 * s expiry and at most 25 messages, headers looked up by their exact names, the published
 * time parsed with Go's {@code time.RFC3339Nano} layout, the payload decoded as an
 * {@code anypb.Any} with type URL {@code type.googleapis.com/<WS-Data-Type>}, the id and
 * delivery attempt from the ack subject's metadata, the trace context from
 * {@code WS-Trace-Parent}. The event must arrive at its time, not before, once.
 */
class GoConsumerDelayedEventTests {

	/** Go's {@code time.RFC3339Nano} as {@code time.Parse} accepts it. */
	private static final String GO_RFC3339_NANO = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})";

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create();

	@Test
	void aGoConsumerReadsTheDelayedEventAtItsTimeOnceWithEverythingItReads() throws Exception {
		new WindshiftAdmin(nats.connection()).ensureStream(StreamDefinition.builder("go-reminders")
			.subjects("go.reminders.>")
			.storage(StorageType.MEMORY)
			.allowScheduledEvents(true)
			.build());
		JetStreamManagement jsm = nats.connection().jetStreamManagement();
		// as windshift-go's EnsureConsumer(ctx, "go-reminders", WithName("go-reader"),
		// WithSubjects("go.reminders.>")) declares it
		jsm.addOrUpdateConsumer("go-reminders",
				ConsumerConfiguration.builder()
					.durable("go-reader")
					.ackPolicy(AckPolicy.Explicit)
					.filterSubjects("go.reminders.>")
					.ackWait(Duration.ofSeconds(30))
					.deliverPolicy(DeliverPolicy.New)
					.build());
		List<Message> received = new CopyOnWriteArrayList<>();
		List<Instant> arrivals = new CopyOnWriteArrayList<>();
		ConsumerContext consumer = nats.connection().getStreamContext("go-reminders").getConsumerContext("go-reader");
		// as windshift-go's Subscribe: Consume with PullExpiry(1s), PullMaxMessages(25)
		try (MessageConsumer consuming = consumer
			.consume(ConsumeOptions.builder().expiresIn(1000).batchSize(25).build(), (message) -> {
				arrivals.add(Instant.now());
				received.add(message);
				message.ack();
			});
				TestTracing tracing = new TestTracing();
				WindshiftTemplate template = WindshiftTemplate.builder(nats.connection())
					.observations(new PublishObservations(tracing.registry(), null, new TraceHeaders(false)))
					.build()) {
			OffsetDateTime occurredAt = OffsetDateTime.of(2026, 11, 27, 20, 18, 1, 123456789, ZoneOffset.UTC);
			Tracer tracer = tracing.tracer();
			Span request = tracer.nextSpan().name("request").start();
			Instant publishedAt = Instant.now();
			try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
				template.publish(OutgoingEvent.builder("go.reminders.due", order("r-1"))
					.occurredAt(occurredAt.toInstant())
					.idempotencyKey("reminder-r-1")
					.header("tenant", "acme")
					.deliverAfter(Duration.ofSeconds(2))
					.build());
			}
			finally {
				request.end();
			}
			await().atMost(Duration.ofSeconds(15)).until(() -> !received.isEmpty());
			// at its time, not before
			assertThat(arrivals.get(0)).isAfterOrEqualTo(publishedAt.plusSeconds(2));
			// once: nothing else reaches the Go consumer (no schedule, no second copy)
			await().during(Duration.ofSeconds(3))
				.atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(received).hasSize(1));
			Message message = received.get(0);
			assertThat(message.getSubject()).isEqualTo("go.reminders.due");
			// event.ID() and DeliveryAttempt() from the metadata
			assertThat(message.metaData().streamSequence()).isPositive();
			assertThat(message.metaData().deliveredCount()).isEqualTo(1);
			// UnmarshalNew(): anypb.Any{TypeUrl: "type.googleapis.com/" + WS-Data-Type}
			String dataType = message.getHeaders().getFirst("WS-Data-Type");
			Any any = Any.newBuilder()
				.setTypeUrl("type.googleapis.com/" + dataType)
				.setValue(com.google.protobuf.ByteString.copyFrom(message.getData()))
				.build();
			assertThat(any.is(OrderCreated.class)).isTrue();
			assertThat(any.unpack(OrderCreated.class)).isEqualTo(order("r-1"));
			// OccurredAt(): time.Parse(time.RFC3339Nano, WS-Published-Time)
			String published = message.getHeaders().getFirst("WS-Published-Time");
			assertThat(published).matches(GO_RFC3339_NANO);
			assertThat(OffsetDateTime.parse(published).toInstant()).isEqualTo(occurredAt.toInstant());
			// IdempotencyKey(): Nats-Msg-Id, which the server drops when the schedule
			// fires
			assertThat(message.getHeaders().getFirst("Nats-Msg-Id")).isNull();
			// the trace context Go's propagator extracts: the publish span, child of the
			// request
			String traceParent = message.getHeaders().getFirst("WS-Trace-Parent");
			assertThat(traceParent).matches("00-" + request.context().traceId() + "-[0-9a-f]{16}-0[13]");
			// user headers travel as given
			assertThat(message.getHeaders().getFirst("tenant")).isEqualTo("acme");
		}
	}

	private static OrderCreated order(String id) {
		return OrderCreated.newBuilder().setOrderId(id).setCustomer("acme").build();
	}

}
