package io.windshift.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.events.JetStreamEvent;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code windshift.listener.confirm-acks}: listener events settle fire-and-forget by
 * default and confirmed when it is set; either way events are acknowledged on the server.
 */
class WindshiftListenerAckConfirmationTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create().connectWith(ListenerTestSupport::connect);

	@Test
	void settleCallsAreFireAndForgetByDefault() throws Exception {
		assertSettling(false);
	}

	@Test
	void settleCallsAreConfirmedWhenConfigured() throws Exception {
		assertSettling(true, "windshift.listener.confirm-acks=true");
	}

	private void assertSettling(boolean confirmed, String... properties) throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "confirm");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(ScriptedListeners.AutoConfig.class)
			.withPropertyValues("test.stream=" + stream)
			.withPropertyValues(properties)
			.run((context) -> {
				ScriptedListeners.Auto listener = context.getBean(ScriptedListeners.Auto.class);
				List<Boolean> confirmations = new CopyOnWriteArrayList<>();
				listener.behaviour = (event) -> confirmations.add(((JetStreamEvent<?>) event).isConfirmed());
				for (int i = 0; i < 5; i++) {
					ListenerTestSupport.publish(nats.connection(), stream + ".x",
							OrderCreated.newBuilder().setOrderId("c-" + i).build());
				}
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.deliveries.size() == 5);
				assertThat(confirmations).containsOnly(confirmed);
				await().atMost(Duration.ofSeconds(5))
					.untilAsserted(() -> assertThat(ListenerTestSupport.consumerInfo(nats.connection(), stream, "auto")
						.getAckFloor()
						.getStreamSequence()).isEqualTo(5));
			});
	}

}
