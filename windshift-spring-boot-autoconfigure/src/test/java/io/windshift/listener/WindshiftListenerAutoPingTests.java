package io.windshift.listener;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.nats.client.api.ConsumerInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.test.NatsServerExtension;

import static io.windshift.listener.ListenerTestSupport.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Auto-ping: a handler slower than three processing timeouts is delivered once, and
 * pinging stops when the event is settled.
 */
class WindshiftListenerAutoPingTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create().connectWith(ListenerTestSupport::connect);

	@Test
	void slowHandlerIsDeliveredOnceAndPingingStopsWhenSettled() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "slow");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(ScriptedListeners.AutoConfig.class)
			.withPropertyValues("test.stream=" + stream, "test.timeout=1s")
			.run((context) -> {
				ScriptedListeners.Auto listener = context.getBean(ScriptedListeners.Auto.class);
				CountDownLatch never = new CountDownLatch(1);
				listener.behaviour = (event) -> never.await(3500, TimeUnit.MILLISECONDS);
				ListenerTestSupport.publish(nats.connection(), stream + ".x", order("slow"));
				await().atMost(Duration.ofSeconds(5)).until(() -> listener.count("slow") == 1);
				AutoPinger pinger = context.getBean(ListenerContainerFactory.class).getPinger();
				assertThat(pinger.trackedCount()).isEqualTo(1);
				await().atMost(Duration.ofSeconds(8))
					.untilAsserted(() -> assertThat(ListenerTestSupport.consumerInfo(nats.connection(), stream, "auto")
						.getAckFloor()
						.getStreamSequence()).isEqualTo(1));
				assertThat(pinger.trackedCount()).isZero();
				// acked, so nothing more can come: the server delivered the event exactly
				// once
				ConsumerInfo info = ListenerTestSupport.consumerInfo(nats.connection(), stream, "auto");
				assertThat(info.getDelivered().getConsumerSequence()).isEqualTo(1);
				assertThat(info.getRedelivered()).isZero();
				assertThat(listener.count("slow")).isEqualTo(1);
				assertThat(listener.of("slow").get(0).attempt()).isEqualTo(1);
			});
	}

}
