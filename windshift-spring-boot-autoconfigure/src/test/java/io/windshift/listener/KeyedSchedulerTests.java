package io.windshift.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.nats.client.impl.NatsMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.windshift.events.ProtobufTypeRegistry;
import io.windshift.listener.PrefetchBuffer.Held;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The keyed scheduler and the ordering keys as pure logic: what goes to the workers when,
 * retries, and what a stop releases in which order.
 */
class KeyedSchedulerTests {

	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

	private final List<Held> ready = new CopyOnWriteArrayList<>();

	private final KeyedScheduler scheduler = new KeyedScheduler(keys("subject-token:2"), this.ready::add,
			this.executor);

	@AfterEach
	void stop() {
		this.executor.shutdownNow();
	}

	private static OrderingKeys keys(String orderBy) {
		return OrderingKeys.of(orderBy, (name) -> {
			throw new IllegalStateException("no bean " + name);
		}, anyMessage(), new EventDecoder(new ProtobufTypeRegistry()));
	}

	private static HandlerMethods anyMessage() {
		try {
			return HandlerMethods.single(ListenerMethod.of(new AnyMessage(),
					AnyMessage.class.getDeclaredMethod("on", com.google.protobuf.Message.class)));
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Held event(String subject) {
		return new Held(NatsMessage.builder().subject(subject).build(), null);
	}

	@Test
	void letsOneEventPerKeyThroughInArrivalOrder() {
		Held a1 = event("s.a.x");
		Held a2 = event("s.a.y");
		Held b1 = event("s.b.x");
		Held a3 = event("s.a.z");
		List.of(a1, a2, b1, a3).forEach(this.scheduler::add);
		assertThat(this.ready).containsExactly(a1, b1);
		this.scheduler.done(a1);
		assertThat(this.ready).containsExactly(a1, b1, a2);
		this.scheduler.done(b1);
		this.scheduler.done(a2);
		assertThat(this.ready).containsExactly(a1, b1, a2, a3);
		this.scheduler.done(a3);
		Held a4 = event("s.a.w");
		this.scheduler.add(a4);
		assertThat(this.ready).endsWith(a4);
	}

	private static Held delivery(String subject, long streamSequence, long deliveredCount) {
		String reply = "$JS.ACK.orders.c1." + deliveredCount + "." + streamSequence + "." + streamSequence
				+ ".1700000000000000000.0";
		return new Held(NatsMessage.builder().subject(subject).replyTo(reply).build(), null);
	}

	@Test
	void whileHeldNothingGoesToTheWorkersAndAReleaseHandsEachKeysEarliestEventOver() {
		Held running = delivery("s.c.x", 500, 1);
		this.scheduler.add(running);
		// pinned anew: another instance held key a, and its events come back as their
		// processing timeouts run out, 576 first, after a later event of the same key
		this.scheduler.hold();
		Held later = delivery("s.a.x", 576, 2);
		Held fresh = delivery("s.a.z", 600, 1);
		Held other = delivery("s.b.x", 601, 1);
		Held next = delivery("s.c.y", 602, 1);
		List.of(later, fresh, other, next).forEach(this.scheduler::add);
		this.scheduler.done(running);
		assertThat(this.ready).containsExactly(running);
		Held earlier = delivery("s.a.y", 560, 2);
		this.scheduler.add(earlier);
		assertThat(this.ready).containsExactly(running);
		this.scheduler.release();
		assertThat(this.ready).hasSize(4).startsWith(running).contains(earlier, other, next).doesNotContain(later);
		this.scheduler.done(earlier);
		assertThat(this.ready).endsWith(later);
		this.scheduler.done(later);
		assertThat(this.ready).endsWith(fresh);
		// released: a new key goes to the workers at once again
		Held free = delivery("s.d.x", 700, 1);
		this.scheduler.add(free);
		assertThat(this.ready).endsWith(free);
	}

	@Test
	void aStopEndsAHoldAndReleasesWhatWaitedInStreamOrder() {
		this.scheduler.hold();
		Held later = delivery("s.a.x", 576, 2);
		Held earlier = delivery("s.a.y", 560, 2);
		this.scheduler.add(later);
		this.scheduler.add(earlier);
		List<Held> released = new ArrayList<>();
		this.scheduler.drain(java.util.Set.of(), released::add);
		assertThat(released).containsExactly(earlier, later);
		assertThat(this.ready).isEmpty();
		Held after = delivery("s.a.z", 600, 1);
		this.scheduler.add(after);
		assertThat(this.ready).containsExactly(after);
	}

	@Test
	void aSecondCopyOfTheDeliveryAKeyJustFinishedIsRejectedNotHandledAgain() {
		List<Held> duplicates = new ArrayList<>();
		KeyedScheduler scheduler = new KeyedScheduler(keys("subject-token:2"), this.ready::add, this.executor,
				duplicates::add);
		// a consumer leader that lost its leadership sent what it had queued; the new one
		// delivers the same events again, with the same delivery count
		Held first = delivery("s.a.x", 10, 1);
		Held copy = delivery("s.a.x", 10, 1);
		Held redelivered = delivery("s.a.x", 10, 2);
		Held next = delivery("s.a.y", 11, 1);
		List.of(first, copy, redelivered, next).forEach(scheduler::add);
		assertThat(this.ready).containsExactly(first);
		scheduler.done(first);
		assertThat(duplicates).containsExactly(copy);
		// a redelivery (its first handling was not settled, say) is handled again
		assertThat(this.ready).containsExactly(first, redelivered);
		scheduler.done(redelivered);
		assertThat(this.ready).containsExactly(first, redelivered, next);
		assertThat(duplicates).containsExactly(copy);
	}

	@Test
	void waitingEventsOfAKeyGoInStreamOrderWhateverTheirArrival() {
		Held head = delivery("s.a.x", 10, 1);
		Held third = delivery("s.a.y", 30, 1);
		Held second = delivery("s.a.z", 20, 2);
		List.of(head, third, second).forEach(this.scheduler::add);
		this.scheduler.done(head);
		this.scheduler.done(second);
		assertThat(this.ready).containsExactly(head, second, third);
	}

	@Test
	void retriesHoldTheKeyAndCountAttempts() {
		Held a1 = event("s.a.x");
		Held a2 = event("s.a.y");
		this.scheduler.add(a1);
		this.scheduler.add(a2);
		this.ready.clear();
		assertThat(this.scheduler.retry(a1, Duration.ofMillis(50))).isTrue();
		assertThat(this.scheduler.retriesOf(a1)).isEqualTo(1);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.ready.contains(a1));
		assertThat(this.ready).containsExactly(a1);
		this.scheduler.retry(a1, Duration.ZERO);
		assertThat(this.scheduler.retriesOf(a1)).isEqualTo(2);
		this.scheduler.done(a1);
		assertThat(this.ready).containsExactly(a1, a1, a2);
		assertThat(this.scheduler.retriesOf(a2)).isZero();
	}

	@Test
	void drainReleasesHeadsNotWithAWorkerThenTheWaitingOnesInOrder() {
		Held a1 = event("s.a.x");
		Held a2 = event("s.a.y");
		Held b1 = event("s.b.x");
		Held b2 = event("s.b.y");
		Held c1 = event("s.c.x");
		List.of(a1, a2, b1, b2, c1).forEach(this.scheduler::add);
		// a1 is with a worker, b1 waits for its retry, c1 is queued
		this.scheduler.retry(b1, Duration.ofMinutes(1));
		List<Held> released = new ArrayList<>();
		this.scheduler.drain(java.util.Set.of(c1), released::add);
		assertThat(released).containsExactlyInAnyOrder(a2, b1, b2, c1);
		assertThat(released.indexOf(b1)).isLessThan(released.indexOf(b2));
		// the worker's late retry is refused: the caller releases the event itself
		assertThat(this.scheduler.retry(a1, Duration.ZERO)).isFalse();
	}

	@Test
	void subjectTokensAndTheirMistakes() {
		io.nats.client.Message message = NatsMessage.builder().subject("orders.eu.1001").build();
		assertThat(keys("subject").keyOf(message)).isEqualTo("orders.eu.1001");
		assertThat(keys("subject-token:1").keyOf(message)).isEqualTo("orders");
		assertThat(keys("subject-token:3").keyOf(message)).isEqualTo("1001");
		assertThat(keys("subject-token:4").keyOf(message)).isEqualTo("orders.eu.1001");
		assertThat(keys("")).isNull();
		assertThatIllegalArgumentException().isThrownBy(() -> keys("subject-token:0"))
			.withMessageContaining("numbered from 1");
		assertThatIllegalArgumentException().isThrownBy(() -> keys("subject-token:x"))
			.withMessageContaining("'x' is not a token number");
		assertThatIllegalArgumentException().isThrownBy(() -> keys("byTenant"))
			.withMessageContaining("orderBy 'byTenant' is neither");
	}

	static class AnyMessage {

		void on(com.google.protobuf.Message message) {
		}

	}

}
