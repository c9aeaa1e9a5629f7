package io.windshift.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.windshift.test.TestConnections;
import io.windshift.delays.Delays;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;
import io.windshift.test.proto.OrderShipped;
import io.windshift.events.internal.PublishedTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The template against a real server: wire headers, dedup, concurrency checks, errors and
 * async publishing.
 */
class WindshiftTemplateTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create();

	private static WindshiftTemplate template;

	@BeforeAll
	static void start() throws Exception {
		JetStreamManagement jsm = nats.connection().jetStreamManagement();
		jsm.addStream(StreamConfiguration.builder()
			.name("orders")
			.subjects("orders.>")
			.storageType(StorageType.Memory)
			.duplicateWindow(Duration.ofMinutes(2))
			.build());
		jsm.addStream(StreamConfiguration.builder()
			.name("tiny")
			.subjects("tiny.>")
			.storageType(StorageType.Memory)
			.maxMessages(1)
			.discardPolicy(DiscardPolicy.New)
			.build());
		template = WindshiftTemplate.builder(nats.connection()).timeout(Duration.ofSeconds(5)).build();
	}

	@AfterAll
	static void stop() throws Exception {
		template.close();
	}

	private static OrderCreated order(String id) {
		return OrderCreated.newBuilder().setOrderId(id).setCustomer("acme").setAmountCents(1234).build();
	}

	@Test
	void writesTheWireHeadersAndRawPayload() throws Exception {
		try (Connection raw = TestConnections.connect(nats.url())) {
			Subscription sub = raw.subscribe("orders.headers");
			raw.flush(Duration.ofSeconds(2));
			Instant at = Instant.parse("2026-11-27T20:25:37.123456700Z");
			PublishedEvent published = template.publish(OutgoingEvent.builder("orders.headers", order("h-1"))
				.occurredAt(at)
				.idempotencyKey("key-h-1")
				.header("tenant", "acme")
				.header("multi", "1")
				.header("multi", "2")
				.build());
			assertThat(published.stream()).isEqualTo("orders");
			assertThat(published.id()).isPositive();
			assertThat(published.duplicate()).isFalse();

			Message message = sub.nextMessage(Duration.ofSeconds(5));
			assertThat(message).isNotNull();
			assertThat(message.getData()).isEqualTo(order("h-1").toByteArray());
			Headers headers = message.getHeaders();
			assertThat(headers.get("WS-Data-Type")).containsExactly("windshift.test.v1.OrderCreated");
			assertThat(headers.get("WS-Published-Time")).containsExactly("2026-11-27T20:25:37.1234567Z");
			assertThat(headers.get("Nats-Msg-Id")).containsExactly("key-h-1");
			assertThat(headers.get("tenant")).containsExactly("acme");
			assertThat(headers.get("multi")).containsExactly("1", "2");
			assertThat(headers.keySet()).containsExactlyInAnyOrder("tenant", "multi", "WS-Data-Type",
					"WS-Published-Time", "Nats-Msg-Id");
		}
	}

	@Test
	void defaultsOccurredAtToNowAndOmitsTheMessageIdWithoutKey() throws Exception {
		try (Connection raw = TestConnections.connect(nats.url())) {
			Subscription sub = raw.subscribe("orders.plain");
			raw.flush(Duration.ofSeconds(2));
			Instant before = Instant.now();
			template.publish("orders.plain", order("p-1"));
			Instant after = Instant.now();
			Message message = sub.nextMessage(Duration.ofSeconds(5));
			assertThat(message).isNotNull();
			Headers headers = message.getHeaders();
			assertThat(headers.keySet()).containsExactlyInAnyOrder("WS-Data-Type", "WS-Published-Time");
			assertThat(PublishedTime.parse(headers.getFirst("WS-Published-Time"))).isBetween(before, after);
		}
	}

	@Test
	void publishingTheSameKeyTwiceStoresOneEvent() throws Exception {
		OutgoingEvent event = OutgoingEvent.builder("orders.dedup", order("d-1")).idempotencyKey("order-d-1").build();
		PublishedEvent first = template.publish(event);
		PublishedEvent second = template
			.publish(OutgoingEvent.builder("orders.dedup", order("d-1-changed")).idempotencyKey("order-d-1").build());
		assertThat(first.duplicate()).isFalse();
		assertThat(second.duplicate()).isTrue();
		assertThat(second.id()).isEqualTo(first.id());
		PublishedEvent third = template.publishAsync(event).get(5, TimeUnit.SECONDS);
		assertThat(third).isEqualTo(new PublishedEvent("orders", first.id(), true));
		assertThat(nats.connection()
			.jetStreamManagement()
			.getStreamInfo("orders", io.nats.client.api.StreamInfoOptions.filterSubjects("orders.dedup"))
			.getStreamState()
			.getSubjects()).singleElement().satisfies((subject) -> assertThat(subject.getCount()).isEqualTo(1));
		assertThat(nats.connection().jetStreamManagement().getLastMessage("orders", "orders.dedup").getSeq())
			.isEqualTo(first.id());
	}

	@Test
	void checksTheStreamsLastId() throws Exception {
		// its own stream, so parallel tests do not move the last id
		nats.connection()
			.jetStreamManagement()
			.addStream(StreamConfiguration.builder()
				.name("occ")
				.subjects("occ.>")
				.storageType(StorageType.Memory)
				.build());
		PublishedEvent first = template.publish(OutgoingEvent.builder("occ.a", order("c-1")).expectedLastId(0).build());
		assertThat(first.id()).isEqualTo(1);
		PublishedEvent second = template
			.publish(OutgoingEvent.builder("occ.b", order("c-2")).expectedLastId(first.id()).build());
		assertThat(second.id()).isEqualTo(2);
		assertThatExceptionOfType(WrongSequenceException.class)
			.isThrownBy(() -> template.publish(OutgoingEvent.builder("occ.a", order("c-3")).expectedLastId(1).build()))
			.satisfies((ex) -> {
				assertThat(ex.expectedId()).isEqualTo(1);
				assertThat(ex.actualId()).hasValue(2);
				assertThat(ex.isPerSubject()).isFalse();
				assertThat(ex.isRetryable()).isFalse();
				assertThat(ex.getMessage()).contains("occ.a").contains("1").contains("2");
			});
		assertThat(nats.connection().jetStreamManagement().getStreamInfo("occ").getStreamState().getMsgCount())
			.isEqualTo(2);
	}

	@Test
	void checksTheSubjectsLastId() throws Exception {
		PublishedEvent first = template
			.publish(OutgoingEvent.builder("orders.subject.x", order("s-1")).expectedLastSubjectId(0).build());
		// another subject in between does not matter for the per-subject check
		template.publish("orders.subject.y", order("s-other"));
		PublishedEvent second = template
			.publish(OutgoingEvent.builder("orders.subject.x", order("s-2")).expectedLastSubjectId(first.id()).build());
		assertThat(second.id()).isGreaterThan(first.id() + 1);
		CompletableFuture<PublishedEvent> stale = template.publishAsync(
				OutgoingEvent.builder("orders.subject.x", order("s-3")).expectedLastSubjectId(first.id()).build());
		assertThatThrownBy(() -> stale.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOfSatisfying(WrongSequenceException.class, (ex) -> {
				assertThat(ex.expectedId()).isEqualTo(first.id());
				assertThat(ex.actualId()).hasValue(second.id());
				assertThat(ex.isPerSubject()).isTrue();
			});
	}

	@Test
	void anUnboundSubjectFailsClearly() {
		assertThatExceptionOfType(UnboundSubjectException.class)
			.isThrownBy(() -> template.publish("nowhere.created", order("u-1")))
			.satisfies((ex) -> {
				assertThat(ex.subject()).isEqualTo("nowhere.created");
				assertThat(ex.getMessage()).contains("'nowhere.created'");
				assertThat(ex.isRetryable()).isFalse();
			});
		CompletableFuture<PublishedEvent> async = template.publishAsync("nowhere.created", order("u-2"));
		assertThatThrownBy(() -> async.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(UnboundSubjectException.class);
	}

	@Test
	void aMissingAcknowledgementTimesOutWithUnknownOutcome() throws Exception {
		try (Connection silent = TestConnections.connect(nats.url())) {
			// a plain subscriber that never answers: the request reaches someone, the ack
			// never comes
			silent.subscribe("silent.x");
			silent.flush(Duration.ofSeconds(2));
			long start = System.nanoTime();
			assertThatExceptionOfType(PublishTimeoutException.class)
				.isThrownBy(() -> template.publish(OutgoingEvent.of("silent.x", order("t-1")),
						CallOptions.withTimeout(Duration.ofMillis(300))))
				.satisfies((ex) -> {
					assertThat(ex.isOutcomeUnknown()).isTrue();
					assertThat(ex.isRetryable()).isTrue();
					assertThat(ex.timeout()).isEqualTo(Duration.ofMillis(300));
					assertThat(ex.getMessage()).contains("'silent.x'").contains("may or may not");
				});
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		}
	}

	@Test
	void classifiesFailuresTheSameWithAdvancedRequestBehavior() throws Exception {
		try (Connection advanced = Nats
			.connect(io.nats.client.Options.builder().server(nats.url()).advancedRequestBehavior().build());
				WindshiftTemplate strict = new WindshiftTemplate(advanced);
				Connection silent = TestConnections.connect(nats.url())) {
			silent.subscribe("silent.advanced");
			silent.flush(Duration.ofSeconds(2));
			assertThatExceptionOfType(PublishTimeoutException.class)
				.isThrownBy(() -> strict.publish(OutgoingEvent.of("silent.advanced", order("adv-1")),
						CallOptions.withTimeout(Duration.ofMillis(300))))
				.satisfies((ex) -> assertThat(ex.isOutcomeUnknown()).isTrue());
			assertThatExceptionOfType(UnboundSubjectException.class)
				.isThrownBy(() -> strict.publish("nowhere.advanced", order("adv-2")));
			assertThat(strict.publish("orders.advanced", order("adv-3")).stream()).isEqualTo("orders");
		}
	}

	@Test
	void withoutKeyAnIndeterminateFailureIsNeverRetried() throws Exception {
		try (Connection silent = TestConnections.connect(nats.url())) {
			List<Message> received = new CopyOnWriteArrayList<>();
			Dispatcher dispatcher = silent.createDispatcher(received::add);
			dispatcher.subscribe("silent.retry");
			silent.flush(Duration.ofSeconds(2));
			CallOption retry = CallOptions
				.withBackoff(Delays.stopAfterMaxAttempts(Delays.constant(Duration.ofMillis(1)), 3));
			assertThatExceptionOfType(PublishTimeoutException.class)
				.isThrownBy(() -> template.publish(OutgoingEvent.of("silent.retry", order("r-1")), retry,
						CallOptions.withTimeout(Duration.ofMillis(200))));
			assertThat(received).hasSize(1);

			received.clear();
			assertThatExceptionOfType(PublishTimeoutException.class).isThrownBy(() -> template.publish(
					OutgoingEvent.builder("silent.retry", order("r-2")).idempotencyKey("r-2").build(), retry,
					CallOptions.withTimeout(Duration.ofMillis(200))));
			// with a key, retrying is safe: 1 attempt + 3 retries
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(received).hasSize(4));
			assertThat(received).allSatisfy((m) -> assertThat(m.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo("r-2"));
		}
	}

	@Test
	void otherServerErrorsAreClearAndNotRetryable() {
		template.publish("tiny.one", order("tiny-1"));
		assertThatExceptionOfType(WindshiftException.class)
			.isThrownBy(() -> template.publish("tiny.two", order("tiny-2")))
			.satisfies((ex) -> {
				assertThat(ex).isExactlyInstanceOf(WindshiftException.class);
				assertThat(ex.getMessage()).contains("'tiny.two'").contains("maximum messages exceeded");
				assertThat(ex.isRetryable()).isFalse();
			});
	}

	@Test
	void invalidInputIsRejectedBeforeAnythingIsSent() {
		assertThatThrownBy(() -> template.publish("orders.*", order("x"))).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("orders.*");
		assertThatThrownBy(() -> template.publishAsync("orders.created", null))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("data");
	}

	@Test
	void asyncPublishesAreStoredInCallOrderAndCompleteOffTheClientThreads() throws Exception {
		List<CompletableFuture<String>> threads = new ArrayList<>();
		List<CompletableFuture<PublishedEvent>> futures = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			CompletableFuture<PublishedEvent> future = template.publishAsync(
					i % 2 == 0 ? "orders.async" : "orders.async.shipped",
					i % 2 == 0 ? order("a-" + i) : OrderShipped.newBuilder().setOrderId("a-" + i).build());
			futures.add(future);
			threads.add(future.thenApply((e) -> Thread.currentThread().getName()));
		}
		CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
		long previous = 0;
		for (CompletableFuture<PublishedEvent> future : futures) {
			long id = future.get().id();
			assertThat(id).isGreaterThan(previous);
			previous = id;
		}
		Set<String> names = ConcurrentHashMap.newKeySet();
		for (CompletableFuture<String> thread : threads) {
			names.add(thread.get(5, TimeUnit.SECONDS));
		}
		// even actions chained after completion run on the template's executor, never the
		// caller or a NATS thread
		assertThat(names).allSatisfy((name) -> assertThat(name).startsWith("windshift-publish-"));
		PublishedEvent done = futures.get(0).get();
		assertThat(futures.get(0).thenApply((e) -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS))
			.startsWith("windshift-publish-");
		assertThat(futures.get(0).whenComplete((e, ex) -> {
		})
			.thenCompose((e) -> CompletableFuture.completedFuture(Thread.currentThread().getName()))
			.get(5, TimeUnit.SECONDS)).startsWith("windshift-publish-");
		assertThat(done.id()).isPositive();
		assertThat(template.inFlight()).isZero();
	}

	@Test
	void asyncPublishesBeyondTheBoundWaitForRoom() throws Exception {
		try (Connection responder = TestConnections.connect(nats.url());
				WindshiftTemplate bounded = WindshiftTemplate.builder(nats.connection())
					.maxInFlight(2)
					.timeout(Duration.ofSeconds(10))
					.build()) {
			// a fake stream we answer by hand, so acks arrive exactly when the test says
			List<Message> requests = new CopyOnWriteArrayList<>();
			responder.createDispatcher(requests::add).subscribe("held.x");
			responder.flush(Duration.ofSeconds(2));
			CompletableFuture<PublishedEvent> first = bounded.publishAsync("held.x", order("b-1"));
			CompletableFuture<PublishedEvent> second = bounded.publishAsync("held.x", order("b-2"));
			await().untilAsserted(() -> assertThat(requests).hasSize(2));
			assertThat(bounded.inFlight()).isEqualTo(2);

			CompletableFuture<CompletableFuture<PublishedEvent>> third = CompletableFuture
				.supplyAsync(() -> bounded.publishAsync("held.x", order("b-3")));
			await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !third.isDone());
			assertThat(requests).hasSize(2);

			ack(responder, requests.get(0), 1);
			assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(new PublishedEvent("held", 1, false));
			await().untilAsserted(() -> assertThat(requests).hasSize(3));
			ack(responder, requests.get(1), 2);
			ack(responder, requests.get(2), 3);
			assertThat(second.get(5, TimeUnit.SECONDS).id()).isEqualTo(2);
			assertThat(third.get(5, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS).id()).isEqualTo(3);
			await().untilAsserted(() -> assertThat(bounded.inFlight()).isZero());
		}
	}

	@Test
	void aFullWindowFailsAfterTheTimeoutWithoutSending() throws Exception {
		try (Connection responder = TestConnections.connect(nats.url());
				WindshiftTemplate bounded = WindshiftTemplate.builder(nats.connection())
					.maxInFlight(1)
					.timeout(Duration.ofSeconds(10))
					.build()) {
			List<Message> requests = new CopyOnWriteArrayList<>();
			responder.createDispatcher(requests::add).subscribe("held.full");
			responder.flush(Duration.ofSeconds(2));
			CompletableFuture<PublishedEvent> first = bounded.publishAsync("held.full", order("f-1"));
			CompletableFuture<PublishedEvent> second = bounded.publishAsync(OutgoingEvent.of("held.full", order("f-2")),
					CallOptions.withTimeout(Duration.ofMillis(200)));
			assertThatThrownBy(() -> second.get(5, TimeUnit.SECONDS)).cause()
				.isInstanceOfSatisfying(PublishTimeoutException.class,
						(ex) -> assertThat(ex.isOutcomeUnknown()).isFalse());
			ack(responder, requests.get(0), 1);
			assertThat(first.get(5, TimeUnit.SECONDS).id()).isEqualTo(1);
			assertThat(requests).hasSize(1);
		}
	}

	private static void ack(Connection responder, Message request, long seq) {
		responder.publish(request.getReplyTo(), ("{\"stream\":\"held\",\"seq\":" + seq + "}").getBytes());
	}

}
