package io.windshift.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Message;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Awaiting messages on a subject and on a stream, against a real server. */
class MessageRecorderTests {

	// tag::extension[]
	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create();

	// end::extension[]

	@Test
	void subjectRecorderSeesWhatIsPublishedFromNowOn() throws Exception {
		Connection connection = nats.connection();
		connection.publish("early.1", bytes("before"));
		try (MessageRecorder recorder = MessageRecorder.subscribe(connection, "early.>")) {
			connection.publish("early.2", bytes("a"));
			connection.publish("other", bytes("not recorded"));
			connection.publish("early.3", bytes("b"));
			assertThat(recorder.awaitMessages(2)).extracting((m) -> m.getSubject())
				.containsExactly("early.2", "early.3");
			assertThat(recorder.payloads()).containsExactly("a", "b");
		}
	}

	@Test
	void streamRecorderReplaysWhatTheStreamHoldsAndFollowsIt() throws Exception {
		Connection connection = nats.connection();
		connection.jetStreamManagement()
			.addStream(StreamConfiguration.builder().name("recorded").subjects("recorded.>").build());
		JetStream js = connection.jetStream();
		js.publish("recorded.1", bytes("one"));
		// tag::await-stream[]
		try (MessageRecorder recorder = MessageRecorder.stream(connection, "recorded")) {
			js.publish("recorded.2", bytes("two"));
			Message second = recorder.awaitMessage((m) -> m.getSubject().equals("recorded.2"));
			assertThat(second.getData()).isEqualTo(bytes("two"));
			assertThat(recorder.payloads()).containsExactly("one", "two");
		}
		// end::await-stream[]
	}

	@Test
	void timeoutFailsWithWhatWasSeen() throws Exception {
		Connection connection = nats.connection();
		try (MessageRecorder recorder = MessageRecorder.subscribe(connection, "few")) {
			connection.publish("few", bytes("only one"));
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> recorder.awaitMessages(2, Duration.ofMillis(500)))
				.withMessageContaining("2 message(s) on subject few")
				.withMessageContaining("got 1 on subjects [few]");
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> recorder.awaitMessage((m) -> false, Duration.ofMillis(200)))
				.withMessageContaining("a matching message");
		}
	}

	@Test
	void closedRecorderStopsRecording() throws Exception {
		Connection connection = nats.connection();
		MessageRecorder recorder = MessageRecorder.subscribe(connection, "closing");
		connection.publish("closing", bytes("1"));
		recorder.awaitMessages(1);
		recorder.close();
		connection.publish("closing", bytes("2"));
		try (MessageRecorder witness = MessageRecorder.subscribe(connection, "closing")) {
			connection.publish("closing", bytes("3"));
			witness.awaitMessages(1);
		}
		// the witness saw a later message, so "2" reached every subscriber that was still
		// there
		assertThat(recorder.payloads()).containsExactly("1");
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
