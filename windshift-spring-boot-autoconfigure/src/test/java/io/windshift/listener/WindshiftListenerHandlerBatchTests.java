package io.windshift.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.nats.client.impl.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.events.Event;
import io.windshift.events.WireHeaders;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;
import io.windshift.test.proto.OrderShipped;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.windshift.listener.ListenerTestSupport.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Class-level batch listeners against a real server: a batch split by type into one call
 * per {@code @WindshiftHandler}, in stream order; each call settling its own events; an
 * event no handler takes given up before the calls; handlers mixing lists and single
 * events failing startup.
 */
class WindshiftListenerHandlerBatchTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create().connectWith(ListenerTestSupport::connect);

	private static long count(String stream) throws Exception {
		return nats.connection().jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount();
	}

	private static long ackFloor(String stream) throws Exception {
		return ListenerTestSupport.consumerInfo(nats.connection(), stream, "handlers")
			.getAckFloor()
			.getStreamSequence();
	}

	private static void publishMixed(String stream) throws Exception {
		ListenerTestSupport.publish(nats.connection(), stream + ".x", order("c0"));
		ListenerTestSupport.publish(nats.connection(), stream + ".x", shipped("s0"));
		ListenerTestSupport.publish(nats.connection(), stream + ".x", order("c1"));
		Headers headers = new Headers();
		headers.put(WireHeaders.DATA_TYPE, "windshift.test.v1.NobodyTakesThis");
		ListenerTestSupport.publish(nats.connection(), stream + ".x", headers, ListenerTestSupport.bytes("x"));
		ListenerTestSupport.publish(nats.connection(), stream + ".x", shipped("s1"));
		ListenerTestSupport.publish(nats.connection(), stream + ".x", order("c2"));
	}

	private static OrderShipped shipped(String id) {
		return OrderShipped.newBuilder().setOrderId(id).build();
	}

	@Test
	void aBatchIsSplitByTypeIntoOneCallPerHandlerInStreamOrder() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "hbatch");
		String dlq = ListenerTestSupport.createStream(nats.connection(), "hbatchdlq");
		publishMixed(stream);
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(HandlersConfig.class)
			.withPropertyValues("test.stream=" + stream, "test.dlq=" + dlq + ".x")
			.run((context) -> {
				Handlers listener = context.getBean(Handlers.class);
				await().atMost(Duration.ofSeconds(15)).until(() -> count(dlq) == 1 && listener.calls.size() == 2);
				// one batch of six: one call per type, the types in the order of their
				// first event
				assertThat(listener.calls).containsExactly("created[c0, c1, c2]", "shipped[s0, s1]");
				assertThat(nats.connection()
					.jetStreamManagement()
					.getMessage(dlq, 1)
					.getHeaders()
					.getFirst(DeadLetterPublisher.REASON)).contains("unhandled type")
					.contains("windshift.test.v1.NobodyTakesThis");
				await().atMost(Duration.ofSeconds(5)).until(() -> ackFloor(stream) == 6);
			});
	}

	@Test
	void eachCallSettlesItsOwnEvents() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "hbatchfail");
		String dlq = ListenerTestSupport.createStream(nats.connection(), "hbatchfaildlq");
		publishMixed(stream);
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(HandlersConfig.class)
			.withPropertyValues("test.stream=" + stream, "test.dlq=" + dlq + ".x",
					"windshift.listener.reject.initial-delay=50ms", "windshift.listener.reject.max-delay=50ms")
			.run((context) -> {
				Handlers listener = context.getBean(Handlers.class);
				AtomicInteger shippedCalls = new AtomicInteger();
				listener.failShipped = () -> shippedCalls.incrementAndGet() == 1;
				await().atMost(Duration.ofSeconds(15)).until(() -> ackFloor(stream) == 6);
				// the created call returned: its events were acked once; the failed
				// shipped call's came back
				assertThat(listener.calls).filteredOn((call) -> call.startsWith("created"))
					.containsExactly("created[c0, c1, c2]");
				assertThat(listener.calls).filteredOn((call) -> call.startsWith("shipped"))
					.containsExactly("shipped[s0, s1] failed", "shipped[s0, s1]");
				assertThat(count(dlq)).isEqualTo(1);
			});
	}

	@Test
	void handlersMixingListsAndSingleEventsFailStartup() {
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(MixedConfig.class)
			.withPropertyValues("test.stream=s")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasStackTraceContaining("class 'Mixed'")
					.hasStackTraceContaining("either all take a List");
			});
	}

	@WindshiftListener(stream = "${test.stream}", consumer = "handlers", maxBatchSize = "10", maxBatchWait = "1s",
			deadLetterSubject = "${test.dlq}")
	static class Handlers {

		final List<String> calls = new CopyOnWriteArrayList<>();

		volatile java.util.function.BooleanSupplier failShipped = () -> false;

		@WindshiftHandler
		void created(List<Event<OrderCreated>> events) {
			this.calls.add("created" + events.stream().map((event) -> event.data().getOrderId()).toList());
		}

		@WindshiftHandler
		void shipped(List<OrderShipped> shipped) {
			List<String> ids = shipped.stream().map(OrderShipped::getOrderId).toList();
			if (this.failShipped.getAsBoolean()) {
				this.calls.add("shipped" + ids + " failed");
				throw new IllegalStateException("cannot ship");
			}
			this.calls.add("shipped" + ids);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class HandlersConfig {

		@Bean
		Handlers handlers() {
			return new Handlers();
		}

	}

	@WindshiftListener(stream = "${test.stream}", autoStartup = "false")
	static class Mixed {

		@WindshiftHandler
		void created(List<OrderCreated> created) {
		}

		@WindshiftHandler
		void shipped(OrderShipped shipped) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MixedConfig {

		@Bean
		Mixed mixed() {
			return new Mixed();
		}

	}

}
