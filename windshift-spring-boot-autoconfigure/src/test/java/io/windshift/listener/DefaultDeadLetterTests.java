package io.windshift.listener;

import java.time.Duration;
import java.util.List;

import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamInfoOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;

import io.windshift.admin.WindshiftAdmin;
import io.windshift.events.Event;
import io.windshift.events.WireHeaders;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.windshift.listener.ListenerTestSupport.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dead letters by default: without a dead-letter subject, given-up events go to
 * {@code windshift.dlq.<stream>.<consumer>} in the {@code windshift-dead-letters} stream,
 * which the starter declares with the configured limits; an unsettled MANUAL event is
 * dead-lettered on its last attempt.
 */
@ExtendWith(OutputCaptureExtension.class)
@Isolated("counts log lines of listener 'manual', an id other test classes use too")
class DefaultDeadLetterTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create().connectWith(ListenerTestSupport::connect);

	private static JetStreamManagement jsm() throws Exception {
		return nats.connection().jetStreamManagement();
	}

	private static MessageInfo lastDeadLetter(String subject) throws Exception {
		return jsm().getLastMessage(DeadLetterStream.NAME, subject);
	}

	private static long deadLetters(String subject) throws Exception {
		return deadLetters(nats.connection(), subject);
	}

	/**
	 * How many dead letters the default dead-letter stream holds on these subjects (0
	 * without the stream).
	 */
	static long deadLetters(io.nats.client.Connection connection, String subjects) throws Exception {
		JetStreamManagement jsm = connection.jetStreamManagement();
		if (!jsm.getStreamNames().contains(DeadLetterStream.NAME)) {
			return 0;
		}
		return jsm.getStreamInfo(DeadLetterStream.NAME, StreamInfoOptions.filterSubjects(subjects))
			.getStreamState()
			.getSubjectMap()
			.values()
			.stream()
			.mapToLong(Long::longValue)
			.sum();
	}

	@Test
	void anExhaustedEventGoesToTheDefaultDeadLetterStreamWithTheConfiguredLimits(CapturedOutput output)
			throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "dflt");
		String subject = "windshift.dlq." + stream + ".auto";
		if (jsm().getStreamNames().contains(DeadLetterStream.NAME)) {
			jsm().deleteStream(DeadLetterStream.NAME); // made by another test with the
														// default limits
		}
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(ScriptedListeners.AutoConfig.class)
			.withPropertyValues("test.stream=" + stream, "test.max=2", "windshift.listener.reject.initial-delay=100ms",
					"windshift.listener.dead-letters.max-age=3d", "windshift.listener.dead-letters.max-bytes=64MB")
			.run((context) -> {
				StreamInfo info = jsm().getStreamInfo(DeadLetterStream.NAME);
				assertThat(info.getConfiguration().getSubjects()).containsExactly(DeadLetterStream.SUBJECTS);
				assertThat(info.getConfiguration().getMaxAge()).isEqualTo(Duration.ofDays(3));
				assertThat(info.getConfiguration().getMaxBytes()).isEqualTo(64L * 1024 * 1024);
				ScriptedListeners.Auto listener = context.getBean(ScriptedListeners.Auto.class);
				listener.behaviour = (event) -> {
					throw new IllegalStateException("out of stock");
				};
				byte[] payload = order("o1").toByteArray();
				ListenerTestSupport.publish(nats.connection(), stream + ".created", order("o1"));
				await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> lastDeadLetter(subject) != null);
				MessageInfo letter = lastDeadLetter(subject);
				assertThat(letter.getData()).isEqualTo(payload);
				assertThat(letter.getHeaders().getFirst(DeadLetterPublisher.SUBJECT)).isEqualTo(stream + ".created");
				assertThat(letter.getHeaders().getFirst(DeadLetterPublisher.REASON))
					.contains("IllegalStateException: out of stock");
				assertThat(listener.count("o1")).isEqualTo(2);
				// one line at ERROR, no stack trace (that is at DEBUG)
				assertThat(output).contains("gives up on event 1 of stream '" + stream + "'")
					.contains("dead-lettering it to '" + subject + "'")
					.doesNotContain("\tat io.windshift.listener.ScriptedListeners");
			});
	}

	@Test
	void replayRepublishesDeadLettersInTheIdRangeToTheirOriginalSubjectsWithTheirHeaders() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "replay");
		String subject = "windshift.dlq." + stream + ".auto";
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(ScriptedListeners.AutoConfig.class)
			.withPropertyValues("test.stream=" + stream, "test.max=1")
			.run((context) -> {
				ScriptedListeners.Auto listener = context.getBean(ScriptedListeners.Auto.class);
				listener.behaviour = (event) -> {
					throw new IllegalStateException("not yet");
				};
				for (String id : List.of("r1", "r2", "r3")) {
					ListenerTestSupport.publish(nats.connection(), stream + ".created." + id, order(id));
				}
				await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> deadLetters(subject) == 3);
				listener.behaviour = (event) -> {
				};
				WindshiftAdmin admin = new WindshiftAdmin(nats.connection());
				assertThat(admin.replayDeadLetters(stream, "auto", 2, 3)).isEqualTo(2);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> listener.count("r2") == 2 && listener.count("r3") == 2);
				assertThat(deadLetters(subject)).isEqualTo(1);
				MessageInfo replayed = jsm().getLastMessage(stream, stream + ".created.r2");
				assertThat(replayed.getSeq()).isGreaterThan(3);
				assertThat(replayed.getHeaders().getFirst(WireHeaders.DATA_TYPE))
					.isEqualTo("windshift.test.v1.OrderCreated");
				assertThat(replayed.getHeaders().keySet()).noneMatch((key) -> key.startsWith("WS-DLQ-"));
				assertThat(admin.replayDeadLetters(stream, "auto")).isEqualTo(1);
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.count("r1") == 2);
				assertThat(deadLetters(subject)).isZero();
			});
	}

	@Test
	void anEphemeralListenerDeadLettersUnderItsListenerIdMadeSubjectSafe() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "eph");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(EphemeralConfig.class)
			.withPropertyValues("test.stream=" + stream)
			.run((context) -> {
				ListenerTestSupport.publish(nats.connection(), stream + ".a", order("e1"));
				String subject = "windshift.dlq." + stream + ".my_listener";
				await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> lastDeadLetter(subject) != null);
				assertThat(lastDeadLetter(subject).getHeaders().getFirst(DeadLetterPublisher.REASON))
					.contains("rejected permanently");
			});
	}

	@Test
	void aManualListenerThatNeverSettlesIsWarnedOnceAndDeadLettersOnTheLastAttempt(CapturedOutput output)
			throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "manual");
		String subject = "windshift.dlq." + stream + ".manual";
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(ScriptedListeners.ManualConfig.class)
			.withPropertyValues("test.stream=" + stream, "test.max=2", "test.timeout=1s")
			.run((context) -> {
				ScriptedListeners.Manual listener = context.getBean(ScriptedListeners.Manual.class);
				ListenerTestSupport.publish(nats.connection(), stream + ".a", order("m1"));
				ListenerTestSupport.publish(nats.connection(), stream + ".a", order("m2"));
				await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> deadLetters(subject) == 2);
				assertThat(listener.count("m1")).isEqualTo(2);
				assertThat(listener.count("m2")).isEqualTo(2);
				assertThat(lastDeadLetter(subject).getHeaders().getFirst(DeadLetterPublisher.REASON))
					.contains("not settled by the MANUAL listener on the last of 2 delivery attempts");
				await().atMost(Duration.ofSeconds(5))
					.untilAsserted(() -> assertThat(
							ListenerTestSupport.consumerInfo(nats.connection(), stream, "manual").getNumAckPending())
						.isZero());
				String text = output.getOut() + output.getErr();
				assertThat(text.split("MANUAL listener 'manual' returned without settling", -1)).hasSize(2);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class EphemeralConfig {

		@Bean
		Ephemeral ephemeral() {
			return new Ephemeral();
		}

	}

	static class Ephemeral {

		@WindshiftListener(id = "my.listener", stream = "${test.stream}")
		void on(Event<OrderCreated> event) {
			event.reject(io.windshift.events.Reject.permanently());
		}

	}

}
