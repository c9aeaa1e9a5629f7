package io.windshift.events;

import java.time.Duration;
import java.util.List;

import com.google.protobuf.ByteString;
import io.windshift.admin.WindshiftAdmin;
import io.windshift.streams.StorageType;
import io.windshift.streams.StreamDefinition;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Atomic batches against a real 2.12+ server: all stored or none, in order, and a failure
 * names its event.
 */
class AtomicBatchTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create();

	private static WindshiftTemplate template;

	@BeforeAll
	static void start() {
		WindshiftAdmin admin = new WindshiftAdmin(nats.connection());
		for (String name : new String[] { "batch", "keys", "seq", "small" }) {
			admin.ensureStream(StreamDefinition.builder(name)
				.subjects(name + ".>")
				.storage(StorageType.MEMORY)
				.maxEventSize(name.equals("small") ? 400 : 0)
				.allowAtomicPublish(true)
				.allowEventTtl(true)
				.build());
		}
		admin.ensureStream(StreamDefinition.builder("single").subjects("single.>").storage(StorageType.MEMORY).build());
		template = WindshiftTemplate.builder(nats.connection()).maxAtomicBatchSize(5).build();
	}

	@AfterAll
	static void stop() {
		template.close();
	}

	private static OrderCreated order(String id) {
		return OrderCreated.newBuilder().setOrderId(id).build();
	}

	private static long count(String stream) throws Exception {
		return nats.connection().jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount();
	}

	@Test
	void storesAllEventsInOrderWithConsecutiveIds() throws Exception {
		List<PublishedEvent> published = template.publishAtomically(List.of(OutgoingEvent.of("batch.a", order("1")),
				OutgoingEvent.of("batch.b", order("2")), OutgoingEvent.of("batch.a", order("3"))));
		assertThat(published).extracting(PublishedEvent::stream).containsOnly("batch");
		long first = published.get(0).id();
		assertThat(published).extracting(PublishedEvent::id).containsExactly(first, first + 1, first + 2);
		for (int i = 0; i < 3; i++) {
			byte[] data = nats.connection().jetStreamManagement().getMessage("batch", first + i).getData();
			assertThat(OrderCreated.parseFrom(data).getOrderId()).isEqualTo(Integer.toString(i + 1));
		}
	}

	@Test
	void aFailingCheckInsideTheBatchStoresNothingAndNamesTheEvent() throws Exception {
		long before = count("seq");
		assertThatExceptionOfType(AtomicBatchException.class)
			.isThrownBy(() -> template.publishAtomically(List.of(OutgoingEvent.of("seq.a", order("1")),
					OutgoingEvent.builder("seq.b", order("2")).expectedLastSubjectId(99).build(),
					OutgoingEvent.of("seq.c", order("3")))))
			.withMessageContaining("event #1")
			.withMessageContaining("nothing was stored")
			.satisfies((ex) -> assertThat(ex.failedIndexes()).containsExactly(1))
			.withCauseInstanceOf(WrongSequenceException.class);
		assertThat(count("seq")).isEqualTo(before);
		// the expected last id of the stream, on the first event, is honoured
		List<PublishedEvent> ok = template
			.publishAtomically(List.of(OutgoingEvent.builder("seq.a", order("4")).expectedLastId(before).build(),
					OutgoingEvent.of("seq.b", order("5"))));
		assertThat(ok.get(0).id()).isEqualTo(before + 1);
		assertThatExceptionOfType(AtomicBatchException.class)
			.isThrownBy(() -> template
				.publishAtomically(List.of(OutgoingEvent.builder("seq.a", order("6")).expectedLastId(before).build(),
						OutgoingEvent.of("seq.b", order("7")))))
			.satisfies((ex) -> assertThat(ex.failedIndexes()).containsExactly(0));
		assertThat(count("seq")).isEqualTo(before + 2);
	}

	@Test
	void anEventTheServerRefusesWhileStagingIsNamed() throws Exception {
		OrderCreated big = order("big").toBuilder().setCustomerBytes(ByteString.copyFrom(new byte[600])).build();
		assertThatExceptionOfType(AtomicBatchException.class)
			.isThrownBy(() -> template.publishAtomically(List.of(OutgoingEvent.of("small.a", order("1")),
					OutgoingEvent.of("small.b", big), OutgoingEvent.of("small.c", order("3")))))
			.withMessageContaining("event #1")
			.satisfies((ex) -> assertThat(ex.failedIndexes()).containsExactly(1));
		assertThat(count("small")).isZero();
	}

	@Test
	void anIdempotencyKeyAlreadyStoredRefusesTheWholeBatch() throws Exception {
		template.publish(OutgoingEvent.builder("keys.a", order("1")).idempotencyKey("k-1").build());
		long before = count("keys");
		assertThatExceptionOfType(AtomicBatchException.class)
			.isThrownBy(() -> template.publishAtomically(List.of(OutgoingEvent.of("keys.b", order("2")),
					OutgoingEvent.builder("keys.a", order("1")).idempotencyKey("k-1").build())))
			.withMessageContaining("event #1")
			.withMessageContaining("idempotency key")
			.satisfies((ex) -> assertThat(ex.failedIndexes()).containsExactly(1));
		assertThat(count("keys")).isEqualTo(before);
		assertThatExceptionOfType(AtomicBatchException.class)
			.isThrownBy(() -> template
				.publishAtomically(List.of(OutgoingEvent.builder("keys.c", order("3")).idempotencyKey("k-2").build(),
						OutgoingEvent.builder("keys.d", order("4")).idempotencyKey("k-2").build())))
			.withMessageContaining("also the key of event #0");
	}

	@Test
	void refusesUpFrontWhatCannotWork() throws Exception {
		List<OutgoingEvent> six = java.util.stream.IntStream.range(0, 6)
			.mapToObj((i) -> OutgoingEvent.of("batch.many", order("m" + i)))
			.toList();
		assertThatExceptionOfType(AtomicBatchException.class).isThrownBy(() -> template.publishAtomically(six))
			.withMessageContaining("at most 5 events");
		assertThatExceptionOfType(UnsupportedFeatureException.class)
			.isThrownBy(() -> template.publishAtomically(List.of(OutgoingEvent.of("single.a", order("1")))))
			.withMessageContaining("atomic batches")
			.withMessageContaining("allowAtomicPublish(true)");
		assertThatExceptionOfType(AtomicBatchException.class)
			.isThrownBy(() -> template.publishAtomically(
					List.of(OutgoingEvent.of("batch.x", order("1")), OutgoingEvent.of("seq.x", order("2")))))
			.withMessageContaining("one stream");
		assertThatExceptionOfType(AtomicBatchException.class)
			.isThrownBy(() -> template.publishAtomically(List.of(OutgoingEvent.of("batch.x", order("1")),
					OutgoingEvent.builder("batch.y", order("2")).expectedLastId(1).build())))
			.satisfies((ex) -> assertThat(ex.failedIndexes()).containsExactly(1));
		assertThat(count("single")).isZero();
	}

	@Test
	void theAsyncVariantReturnsTheIdsAndFreesItsPlaces() throws Exception {
		List<PublishedEvent> published = template
			.publishAtomicallyAsync(List.of(OutgoingEvent.of("batch.async", order("1")),
					OutgoingEvent.builder("batch.async", order("2")).ttl(Duration.ofMinutes(1)).build()))
			.get();
		assertThat(published).hasSize(2);
		assertThat(published.get(1).id()).isEqualTo(published.get(0).id() + 1);
		assertThat(template.inFlight()).isZero();
		assertThat(template.publishAtomicallyAsync(List.of(OutgoingEvent.of("single.a", order("1")))))
			.failsWithin(Duration.ofSeconds(5))
			.withThrowableThat()
			.havingRootCause()
			.isInstanceOf(UnsupportedFeatureException.class);
		assertThat(template.inFlight()).isZero();
	}

}
