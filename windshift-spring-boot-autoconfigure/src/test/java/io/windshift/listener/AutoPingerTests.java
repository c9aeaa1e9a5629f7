package io.windshift.listener;

import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.time.Duration;

import io.nats.client.Message;
import io.nats.client.impl.NatsMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link AutoPinger} that need no server (pinging itself is covered by the
 * auto-ping tests).
 */
class AutoPingerTests {

	@Test
	void stoppedTrackingNoLongerHoldsItsEvent() {
		try (AutoPinger pinger = new AutoPinger()) {
			Message message = NatsMessage.builder().subject("orders.created").replyTo("$JS.ACK.x").build();
			WeakReference<Message> event = new WeakReference<>(message);
			AutoPinger.Tracking tracking = pinger.track(message, Duration.ofMinutes(1));
			message = null;
			assertThat(pinger.trackedCount()).isEqualTo(1);
			tracking.stop();
			assertThat(pinger.trackedCount()).isZero();
			// a settled event must be collectable at once, not only after the pinger's
			// next sweep
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				System.gc();
				return event.get() == null;
			});
			Reference.reachabilityFence(tracking);
		}
	}

}
