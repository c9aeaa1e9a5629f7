package io.windshift.listener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.PriorityGroupState;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.events.Event;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.windshift.listener.ListenerTestSupport.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An ordered listener missing a delivery that the server counts as sent to it (lost on
 * the way, as when the consumer leader dies or the connection breaks while it is in
 * flight), against a real server. The loss is made on purpose: while the listener holds
 * all it may, a request carrying its pin takes the next event and never settles it, so
 * the server sends it again only after the processing timeout, once later events of the
 * same key reached the listener. The listener must still handle the key in stream order.
 */
@Tag("slow")
class WindshiftListenerOrderingLostDeliveryTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create().connectWith(ListenerTestSupport::connect);

	@Test
	void aDeliveryLostOnTheWayIsHandledBeforeTheLaterEventsOfItsKey() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "lost");
		List<Long> published = new ArrayList<>();
		for (int i = 1; i <= 10; i++) {
			published.add(ListenerTestSupport.publish(nats.connection(), stream + ".b.x", order("b:" + i)).getSeqno());
		}
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(ListenerConfig.class)
			.withPropertyValues("test.stream=" + stream, "windshift.listener.processing-timeout=3s",
					"windshift.listener.max-prefetch=4")
			.run((context) -> {
				Handled handled = context.getBean(Handled.class);
				Connection connection = nats.connection();
				// the first event blocks the key; the listener holds all it may and asks
				// for nothing more while events are left in the stream
				await().atMost(Duration.ofSeconds(20)).until(() -> !handled.ids.isEmpty());
				ConsumerInfo holding = await().atMost(Duration.ofSeconds(20))
					.until(() -> ListenerTestSupport.consumerInfo(connection, stream, "projector"),
							(info) -> info.getNumWaiting() == 0 && info.getNumAckPending() > 0
									&& info.getNumPending() > 0);
				long held = holding.getNumAckPending();
				String pin = pinOf(holding);
				// a request with the listener's pin takes the next event: lost to it
				Subscription thief = connection.subscribe(connection.createInbox());
				connection.publish("$JS.API.CONSUMER.MSG.NEXT." + stream + ".projector", thief.getSubject(),
						("{\"batch\":1,\"expires\":2000000000,\"group\":\"" + ListenerConsumers.ORDERED_GROUP
								+ "\",\"id\":\"" + pin + "\"}")
							.getBytes(StandardCharsets.UTF_8));
				Message stolen = thief.nextMessage(Duration.ofSeconds(10));
				assertThat(stolen).as("the delivery taken with the listener's pin").isNotNull();
				assertThat(stolen.isJetStream()).as(String.valueOf(stolen)).isTrue();
				assertThat(stolen.metaData().streamSequence()).isEqualTo(published.get((int) held));
				handled.blocked.countDown();
				await().atMost(Duration.ofSeconds(30)).until(() -> handled.ids.size() >= published.size());
				assertThat(handled.ids).as("key b, in stream order").containsExactlyElementsOf(published);
				assertThat(handled.attempts.get((int) held)).as("the lost one came again").isEqualTo(2L);
				thief.unsubscribe();
			});
	}

	private static String pinOf(ConsumerInfo info) {
		List<PriorityGroupState> groups = info.getPriorityGroupStates();
		assertThat(groups).as("priority groups of %s", info.getName()).isNotNull().hasSize(1);
		String pin = groups.get(0).getPinnedClientId();
		assertThat(pin).as("the listener's pin").isNotNull();
		return pin;
	}

	/** What the listener handled: stream ids and delivery attempts, in handling order. */
	static final class Handled {

		final List<Long> ids = new CopyOnWriteArrayList<>();

		final List<Long> attempts = new CopyOnWriteArrayList<>();

		final CountDownLatch blocked = new CountDownLatch(1);

	}

	@Configuration(proxyBeanMethods = false)
	static class ListenerConfig {

		@Bean
		Handled handled() {
			return new Handled();
		}

		@Bean
		Projector projector(Handled handled) {
			return new Projector(handled);
		}

	}

	@WindshiftListener(id = "projector", stream = "${test.stream}", consumer = "projector", concurrency = "4",
			orderBy = "subject-token:2")
	static class Projector {

		private final Handled handled;

		Projector(Handled handled) {
			this.handled = handled;
		}

		@WindshiftHandler
		void on(Event<OrderCreated> event) throws InterruptedException {
			this.handled.ids.add(event.id());
			this.handled.attempts.add(event.deliveryAttempt());
			// the first event waits until the test took its delivery
			this.handled.blocked.await(30, TimeUnit.SECONDS);
		}

	}

}
