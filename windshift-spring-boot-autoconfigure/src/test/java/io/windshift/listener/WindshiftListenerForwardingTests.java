package io.windshift.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import io.nats.client.api.MessageInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.autoconfigure.WindshiftTemplateAutoConfiguration;
import io.windshift.events.Event;
import io.windshift.events.OutgoingEvent;
import io.windshift.events.WireHeaders;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;
import io.windshift.test.proto.OrderShipped;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.windshift.listener.ListenerTestSupport.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Forwarding: the {@link OutgoingEvent} a listener returns is published (with an
 * idempotency key derived from the source event unless it has one) before the source is
 * acknowledged; a failed publish goes to the reject policy; a redelivered source
 * publishes nothing twice; methods that cannot forward fail startup.
 */
class WindshiftListenerForwardingTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create().connectWith(ListenerTestSupport::connect);

	private static ApplicationContextRunner runner() {
		return ListenerTestSupport.runner(nats.url())
			.withConfiguration(AutoConfigurations.of(WindshiftTemplateAutoConfiguration.class))
			.withPropertyValues("windshift.listener.reject.initial-delay=50ms",
					"windshift.listener.reject.max-delay=50ms");
	}

	private static List<MessageInfo> stored(String stream, String subject) throws Exception {
		long last = nats.connection().jetStreamManagement().getStreamInfo(stream).getStreamState().getLastSequence();
		List<MessageInfo> found = new java.util.ArrayList<>();
		for (long seq = 1; seq <= last; seq++) {
			MessageInfo info = nats.connection().jetStreamManagement().getMessage(stream, seq);
			if (info.getSubject().equals(subject)) {
				found.add(info);
			}
		}
		return found;
	}

	private static long ackPending(String stream) throws Exception {
		return ListenerTestSupport.consumerInfo(nats.connection(), stream, "shipper").getNumAckPending();
	}

	@Test
	void forwardsTheReturnedEventWithAKeyDerivedFromTheSourceBeforeTheAck() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "fwd");
		runner().withUserConfiguration(ShipperConfig.class)
			.withPropertyValues("test.stream=" + stream)
			.run((context) -> {
				Shipper shipper = context.getBean(Shipper.class);
				shipper.reply = (event) -> OutgoingEvent
					.builder(stream + ".shipped",
							OrderShipped.newBuilder().setOrderId(event.data().getOrderId()).build())
					.header("via", "shipper")
					.build();
				ListenerTestSupport.publish(nats.connection(), stream + ".created", order("o-1"));
				await().atMost(Duration.ofSeconds(10)).until(() -> stored(stream, stream + ".shipped").size() == 1);
				MessageInfo forwarded = stored(stream, stream + ".shipped").get(0);
				assertThat(OrderShipped.parseFrom(forwarded.getData()).getOrderId()).isEqualTo("o-1");
				assertThat(forwarded.getHeaders().getFirst(WireHeaders.MSG_ID)).isEqualTo(stream + ":1:shipper");
				assertThat(forwarded.getHeaders().getFirst(WireHeaders.DATA_TYPE))
					.isEqualTo("windshift.test.v1.OrderShipped");
				assertThat(forwarded.getHeaders().getFirst("via")).isEqualTo("shipper");
				// the source's ack follows the confirmed publish
				await().atMost(Duration.ofSeconds(5)).until(() -> ackPending(stream) == 0);
				assertThat(shipper.attempts).containsExactly(1L);
			});
	}

	@Test
	void aRedeliveredSourceEventPublishesNothingTwice() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "fwdre");
		runner().withUserConfiguration(ShipperConfig.class, FailAfterFirstInvocation.class)
			.withPropertyValues("test.stream=" + stream)
			.run((context) -> {
				Shipper shipper = context.getBean(Shipper.class);
				shipper.reply = (event) -> OutgoingEvent.of(stream + ".shipped",
						OrderShipped.newBuilder().setOrderId(event.data().getOrderId()).build());
				ListenerTestSupport.publish(nats.connection(), stream + ".created", order("o-2"));
				// attempt 1 forwards, then fails after the publish (the observer throws):
				// the source is redelivered
				await().atMost(Duration.ofSeconds(10))
					.until(() -> shipper.attempts.size() == 2 && ackPending(stream) == 0);
				assertThat(shipper.attempts).containsExactly(1L, 2L);
				assertThat(stored(stream, stream + ".shipped")).hasSize(1);
			});
	}

	@Test
	void anIdempotencyKeySetByTheMethodIsKept() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "fwdkey");
		runner().withUserConfiguration(ShipperConfig.class)
			.withPropertyValues("test.stream=" + stream)
			.run((context) -> {
				context.getBean(Shipper.class).reply = (event) -> OutgoingEvent
					.builder(stream + ".shipped", OrderShipped.newBuilder().setOrderId("x").build())
					.idempotencyKey("mine")
					.build();
				ListenerTestSupport.publish(nats.connection(), stream + ".created", order("o-3"));
				await().atMost(Duration.ofSeconds(10)).until(() -> stored(stream, stream + ".shipped").size() == 1);
				assertThat(stored(stream, stream + ".shipped").get(0).getHeaders().getFirst(WireHeaders.MSG_ID))
					.isEqualTo("mine");
			});
	}

	@Test
	void aFailedForwardGoesToTheRejectPolicyAndIsDeadLetteredWhenExhausted() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "fwdfail");
		String dlq = ListenerTestSupport.createStream(nats.connection(), "fwdfaildlq");
		runner().withUserConfiguration(ShipperConfig.class)
			.withPropertyValues("test.stream=" + stream, "test.max=2",
					"windshift.listener.dead-letter-subject=" + dlq + ".x", "windshift.publish.timeout=1s")
			.run((context) -> {
				Shipper shipper = context.getBean(Shipper.class);
				shipper.reply = (event) -> OutgoingEvent.of("nowhere-bound.shipped",
						OrderShipped.newBuilder().setOrderId("y").build());
				ListenerTestSupport.publish(nats.connection(), stream + ".created", order("o-4"));
				await().atMost(Duration.ofSeconds(15)).until(() -> stored(dlq, dlq + ".x").size() == 1);
				assertThat(shipper.attempts).containsExactly(1L, 2L);
				assertThat(stored(dlq, dlq + ".x").get(0).getHeaders().getFirst(DeadLetterPublisher.REASON))
					.contains("UnboundSubjectException");
				assertThat(ackPending(stream)).isZero();
			});
	}

	@Test
	void aManualListenerReturningAnEventFailsStartup() {
		runner().withUserConfiguration(ManualForwarder.class).withPropertyValues("test.stream=any").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining("ManualForwarder.on")
				.hasStackTraceContaining("needs ackMode AUTO");
		});
	}

	@Test
	void aListenerReturningSomethingElseFailsStartup() {
		runner().withUserConfiguration(ReturnsString.class).withPropertyValues("test.stream=any").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining("ReturnsString.on")
				.hasStackTraceContaining("returns void or the events to forward")
				.hasStackTraceContaining("java.lang.String");
		});
	}

	@Test
	void forwardingWithoutATemplateFailsStartup() {
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(ShipperConfig.class)
			.withPropertyValues("test.stream=any")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasStackTraceContaining("Shipper.on")
					.hasStackTraceContaining("no WindshiftTemplate");
			});
	}

	static class Shipper {

		volatile Function<Event<OrderCreated>, OutgoingEvent> reply = (event) -> null;

		final List<Long> attempts = new CopyOnWriteArrayList<>();

		@WindshiftListener(id = "shipper", stream = "${test.stream}", consumer = "shipper",
				subjects = "${test.stream}.created", maxDeliveryAttempts = "${test.max:5}")
		OutgoingEvent on(Event<OrderCreated> event) {
			this.attempts.add(event.deliveryAttempt());
			return this.reply.apply(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ShipperConfig {

		@Bean
		Shipper shipper() {
			return new Shipper();
		}

	}

	/**
	 * Fails the first invocation after the method (and its forward) ran, so the source is
	 * redelivered.
	 */
	@Configuration(proxyBeanMethods = false)
	static class FailAfterFirstInvocation {

		@Bean
		ListenerObserver failFirst() {
			return new ListenerObserver() {
				@Override
				public void invoke(String listenerId, Event<?> event, Invocation invocation) throws Throwable {
					invocation.proceed();
					if (event.deliveryAttempt() == 1) {
						throw new IllegalStateException("lost after forwarding");
					}
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ManualForwarder {

		@WindshiftListener(stream = "${test.stream}", ackMode = AckMode.MANUAL, autoStartup = "false")
		OutgoingEvent on(Event<OrderCreated> event) {
			return OutgoingEvent.of("x.y", event.data());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ReturnsString {

		@WindshiftListener(stream = "${test.stream}", autoStartup = "false")
		String on(OrderCreated order) {
			return "ignored";
		}

	}

}
