package io.windshift.listener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.google.protobuf.Message;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.events.Reject;
import io.windshift.events.WireHeaders;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.windshift.listener.ListenerTestSupport.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dead-lettering after the last attempt, on permanent failures and for every kind of
 * poison event; and termination when dead letters are disabled and no dead-letter subject
 * is configured.
 */
@org.junit.jupiter.api.extension.ExtendWith(OutputCaptureExtension.class)
@org.junit.jupiter.api.parallel.ResourceLock(org.junit.jupiter.api.parallel.Resources.SYSTEM_OUT)
class WindshiftListenerDeadLetterTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create().connectWith(ListenerTestSupport::connect);

	private static MessageInfo deadLetter(String dlqStream, long seq) throws Exception {
		return nats.connection().jetStreamManagement().getMessage(dlqStream, seq);
	}

	private static long count(String stream) throws Exception {
		return nats.connection().jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount();
	}

	@Test
	void deadLettersAfterTheLastAttemptWithPayloadHeadersAndFailure() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "dl");
		String dlq = ListenerTestSupport.createStream(nats.connection(), "dlq");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(ScriptedListeners.AutoConfig.class)
			.withPropertyValues("test.stream=" + stream, "test.max=2", "test.dlq=" + dlq + ".orders",
					"windshift.listener.reject.initial-delay=100ms")
			.run((context) -> {
				ScriptedListeners.Auto listener = context.getBean(ScriptedListeners.Auto.class);
				listener.behaviour = (event) -> {
					throw new IllegalStateException("cannot handle " + event.data().getOrderId());
				};
				Headers headers = new Headers();
				headers.put(WireHeaders.DATA_TYPE, "windshift.test.v1.OrderCreated");
				headers.put(WireHeaders.PUBLISHED_TIME, "2025-11-03T10:15:30.5Z");
				headers.put(WireHeaders.MSG_ID, "key-1");
				headers.put("custom", "kept");
				byte[] payload = order("d1").toByteArray();
				ListenerTestSupport.publish(nats.connection(), stream + ".created", headers, payload);
				await().atMost(Duration.ofSeconds(10)).until(() -> count(dlq) == 1);
				assertThat(listener.count("d1")).isEqualTo(2);
				MessageInfo letter = deadLetter(dlq, 1);
				assertThat(letter.getSubject()).isEqualTo(dlq + ".orders");
				assertThat(letter.getData()).isEqualTo(payload);
				Headers h = letter.getHeaders();
				assertThat(h.getFirst(WireHeaders.DATA_TYPE)).isEqualTo("windshift.test.v1.OrderCreated");
				assertThat(h.getFirst(WireHeaders.PUBLISHED_TIME)).isEqualTo("2025-11-03T10:15:30.5Z");
				assertThat(h.getFirst(WireHeaders.MSG_ID)).isEqualTo("key-1");
				assertThat(h.getFirst("custom")).isEqualTo("kept");
				assertThat(h.getFirst(DeadLetterPublisher.STREAM)).isEqualTo(stream);
				assertThat(h.getFirst(DeadLetterPublisher.SUBJECT)).isEqualTo(stream + ".created");
				assertThat(h.getFirst(DeadLetterPublisher.ID)).isEqualTo("1");
				assertThat(h.getFirst(DeadLetterPublisher.CONSUMER)).isEqualTo("auto");
				assertThat(h.getFirst(DeadLetterPublisher.DELIVERY_ATTEMPTS)).isEqualTo("2");
				assertThat(h.getFirst(DeadLetterPublisher.REASON)).contains("last of 2 delivery attempts")
					.contains("IllegalStateException: cannot handle d1");
				await().atMost(Duration.ofSeconds(5))
					.untilAsserted(() -> assertThat(
							ListenerTestSupport.consumerInfo(nats.connection(), stream, "auto").getNumAckPending())
						.isZero());
			});
	}

	@Test
	void permanentFailuresAndPermanentRejectsAreDeadLetteredAtOnce() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "perm");
		String dlq = ListenerTestSupport.createStream(nats.connection(), "permdlq");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(ScriptedListeners.AutoConfig.class)
			.withPropertyValues("test.stream=" + stream, "test.dlq=" + dlq + ".x",
					"windshift.listener.reject.permanent-exceptions=java.lang.IllegalArgumentException")
			.run((context) -> {
				ScriptedListeners.Auto listener = context.getBean(ScriptedListeners.Auto.class);
				listener.behaviour = (event) -> {
					if (event.data().getOrderId().equals("bad-arg")) {
						throw new IllegalArgumentException("never valid");
					}
					event.reject(Reject.permanently());
				};
				ListenerTestSupport.publish(nats.connection(), stream + ".a", order("bad-arg"));
				ListenerTestSupport.publish(nats.connection(), stream + ".a", order("rejected"));
				await().atMost(Duration.ofSeconds(10)).until(() -> count(dlq) == 2);
				assertThat(listener.count("bad-arg")).isEqualTo(1);
				assertThat(listener.count("rejected")).isEqualTo(1);
				List<String> reasons = List.of(deadLetter(dlq, 1).getHeaders().getFirst(DeadLetterPublisher.REASON),
						deadLetter(dlq, 2).getHeaders().getFirst(DeadLetterPublisher.REASON));
				assertThat(reasons).anySatisfy((r) -> assertThat(r).contains("IllegalArgumentException: never valid"))
					.anySatisfy((r) -> assertThat(r).contains("rejected permanently by the listener"));
			});
	}

	@Test
	void poisonEventsNeverReachTheMethodAndAreDeadLettered(CapturedOutput output) throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "poison");
		String dlq = ListenerTestSupport.createStream(nats.connection(), "poisondlq");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(ScriptedListeners.AutoConfig.class)
			.withPropertyValues("test.stream=" + stream, "windshift.listener.dead-letter-subject=" + dlq + ".all")
			.run((context) -> {
				ScriptedListeners.Auto listener = context.getBean(ScriptedListeners.Auto.class);
				byte[] good = order("x").toByteArray();
				ListenerTestSupport.publish(nats.connection(), stream + ".p", headers(null, "2025-11-03T10:15:30Z"),
						good);
				ListenerTestSupport.publish(nats.connection(), stream + ".p",
						headers("windshift.test.v1.OrderShipped", "2025-11-03T10:15:30Z"), good);
				ListenerTestSupport.publish(nats.connection(), stream + ".p",
						headers("windshift.test.v1.OrderCreated", "2025-11-03T10:15:30Z"),
						"\u00ff\u00ff junk".getBytes(StandardCharsets.ISO_8859_1));
				ListenerTestSupport.publish(nats.connection(), stream + ".p",
						headers("windshift.test.v1.OrderCreated", "not a time"), good);
				ListenerTestSupport.publish(nats.connection(), stream + ".p", order("after-poison"));
				await().atMost(Duration.ofSeconds(10))
					.until(() -> count(dlq) == 4 && listener.count("after-poison") == 1);
				assertThat(listener.deliveries).hasSize(1);
				assertThat(List.of(1L, 2L, 3L, 4L)).allSatisfy(
						(seq) -> assertThat(deadLetter(dlq, seq).getHeaders().getFirst(DeadLetterPublisher.REASON))
							.startsWith("poison event: "));
				assertThat(output).contains("Poison event in stream '" + stream + "' id 1")
					.contains("no WS-Data-Type header")
					.contains("Poison event in stream '" + stream + "' id 2")
					.contains("is not the listener's type")
					.contains("id 3")
					.contains("does not parse")
					.contains("id 4")
					.contains("malformed WS-Published-Time");
				await().atMost(Duration.ofSeconds(5))
					.untilAsserted(() -> assertThat(ListenerTestSupport.consumerInfo(nats.connection(), stream, "auto")
						.getAckFloor()
						.getStreamSequence()).isEqualTo(5));
			});
	}

	@Test
	void anEventThatCannotBeDeadLetteredIsRedeliveredNotLost() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "unbound");
		String dlq = "dlqlater" + System.nanoTime();
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(ScriptedListeners.AutoConfig.class)
			.withPropertyValues("test.stream=" + stream, "test.dlq=" + dlq + ".x")
			.run((context) -> {
				ListenerTestSupport.publish(nats.connection(), stream + ".p", headers(null, "2025-11-03T10:15:30Z"),
						order("x").toByteArray());
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(
							ListenerTestSupport.consumerInfo(nats.connection(), stream, "auto").getNumAckPending())
						.isEqualTo(1));
				nats.connection()
					.jetStreamManagement()
					.addStream(io.nats.client.api.StreamConfiguration.builder().name(dlq).subjects(dlq + ".>").build());
				await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> count(dlq) == 1);
				assertThat(deadLetter(dlq, 1).getHeaders().getFirst(DeadLetterPublisher.DELIVERY_ATTEMPTS))
					.isEqualTo("2");
				await().atMost(Duration.ofSeconds(5))
					.untilAsserted(() -> assertThat(ListenerTestSupport.consumerInfo(nats.connection(), stream, "auto")
						.getAckFloor()
						.getStreamSequence()).isEqualTo(1));
			});
	}

	@Test
	void unknownTypesArePoisonForAnyMessageListenersAndTerminatedWhenDeadLettersAreDisabled(CapturedOutput output)
			throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "unknown");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(AnyMessageConfig.class)
			.withPropertyValues("test.stream=" + stream, "windshift.listener.dead-letters.enabled=false")
			.run((context) -> {
				AnyMessage listener = context.getBean(AnyMessage.class);
				ListenerTestSupport.publish(nats.connection(), stream + ".u",
						headers("other.v1.Unknown", "2025-11-03T10:15:30Z"), new byte[0]);
				ListenerTestSupport.publish(nats.connection(), stream + ".u", order("known"));
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.received.size() == 1);
				await().atMost(Duration.ofSeconds(5))
					.untilAsserted(() -> assertThat(ListenerTestSupport.consumerInfo(nats.connection(), stream, "any")
						.getAckFloor()
						.getStreamSequence()).isEqualTo(2));
				assertThat(output).contains("Poison event in stream '" + stream + "' id 1")
					.contains("unknown WS-Data-Type 'other.v1.Unknown'")
					.contains("terminating it")
					.contains("Dead letters are disabled (windshift.listener.dead-letters.enabled=false)");
			});
	}

	private static Headers headers(String type, String time) {
		Headers headers = new Headers();
		if (type != null) {
			headers.put(WireHeaders.DATA_TYPE, type);
		}
		headers.put(WireHeaders.PUBLISHED_TIME, time);
		return headers;
	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackages = "io.windshift.test.proto")
	static class AnyMessageConfig {

		@Bean
		AnyMessage anyMessage() {
			return new AnyMessage();
		}

	}

	static class AnyMessage {

		final ListenerTestSupport.Received<Message> received = new ListenerTestSupport.Received<>();

		@WindshiftListener(stream = "${test.stream}", consumer = "any")
		void on(Message message) {
			this.received.add(message);
		}

	}

}
