package io.windshift.topology;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.api.PriorityPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.windshift.test.TestConnections;
import io.windshift.autoconfigure.health.NatsConnectionHealthContributorAutoConfiguration;
import io.windshift.autoconfigure.health.NatsConnectionHealthIndicator;
import io.windshift.autoconfigure.WindshiftAdminAutoConfiguration;
import io.windshift.autoconfigure.WindshiftConnectionAutoConfiguration;
import io.windshift.autoconfigure.endpoint.WindshiftEndpoint;
import io.windshift.autoconfigure.WindshiftListenerAutoConfiguration;
import io.windshift.autoconfigure.health.WindshiftListenersHealthContributorAutoConfiguration;
import io.windshift.autoconfigure.health.WindshiftListenersHealthIndicator;
import io.windshift.autoconfigure.WindshiftTemplateAutoConfiguration;
import io.windshift.events.Event;
import io.windshift.events.PublishedEvent;
import io.windshift.events.WindshiftTemplate;
import io.windshift.listener.WindshiftListener;
import io.windshift.listener.WindshiftListenerEndpointRegistry;
import io.windshift.streams.StreamDefinition;
import io.windshift.test.NatsHubAndLeaf;
import io.windshift.test.proto.OrderCreated;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * An application connected to a leaf node (JetStream domain {@code leaf}) working
 * entirely in the hub's JetStream (domain {@code hub}): declarations, publishing,
 * listeners with pause and resume, an ordered listener, dead letters, the Actuator
 * endpoint and health. Nothing lands in the leaf's own JetStream.
 */
class HubAndLeafTests {

	private static NatsHubAndLeaf servers;

	private static Connection hub;

	private static Connection leaf;

	@BeforeAll
	static void start() throws Exception {
		servers = NatsHubAndLeaf.start();
		hub = TestConnections.connect(servers.hub().url());
		leaf = TestConnections.connect(servers.leaf().url());
		// the leaf node reaches the hub's JetStream once its leaf connection is up
		await().atMost(Duration.ofSeconds(20))
			.ignoreExceptions()
			.until(() -> leaf.jetStreamManagement(JetStreamOptions.builder().domain(NatsHubAndLeaf.HUB_DOMAIN).build())
				.getAccountStatistics() != null);
	}

	@AfterAll
	static void stop() throws Exception {
		leaf.close();
		hub.close();
		servers.close();
	}

	private static ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WindshiftConnectionAutoConfiguration.class,
					WindshiftAdminAutoConfiguration.class, WindshiftTemplateAutoConfiguration.class,
					WindshiftListenerAutoConfiguration.class, NatsConnectionHealthContributorAutoConfiguration.class,
					WindshiftListenersHealthContributorAutoConfiguration.class))
			.withPropertyValues("windshift.nats.servers=" + servers.leaf().url(),
					"windshift.nats.jetstream.domain=" + NatsHubAndLeaf.HUB_DOMAIN,
					"windshift.listener.consume-from=start", "windshift.listener.poll-timeout=1200ms",
					"windshift.listener.shutdown-timeout=5s");
	}

	@Test
	void applicationOnTheLeafWorksEntirelyInTheHubDomain() {
		runner().withUserConfiguration(HubApplication.class).run((context) -> {
			assertThat(context).hasNotFailed();
			// declared in the hub, not in the leaf's own JetStream
			assertThat(hub.jetStreamManagement().getStreamNames()).contains("hub-orders");
			assertThatExceptionOfType(JetStreamApiException.class)
				.isThrownBy(() -> leaf.jetStreamManagement().getStreamInfo("hub-orders"));
			WindshiftTemplate template = context.getBean(WindshiftTemplate.class);
			PublishedEvent first = template.publish("hub.orders.created", order("first"));
			assertThat(first.stream()).isEqualTo("hub-orders");
			Orders orders = context.getBean(Orders.class);
			await().atMost(Duration.ofSeconds(15)).until(() -> orders.received.contains("first"));
			// acknowledged in the hub
			await().atMost(Duration.ofSeconds(10))
				.until(() -> hub.jetStreamManagement()
					.getConsumerInfo("hub-orders", "hub-orders-listener")
					.getAckFloor()
					.getStreamSequence() == first.id());

			WindshiftListenerEndpointRegistry registry = context.getBean(WindshiftListenerEndpointRegistry.class);
			registry.pause("hub-orders-listener");
			assertThat(registry.getListenerContainer("hub-orders-listener").isPaused()).isTrue();
			// a pull request open when pausing may still bring an event: pausing stops
			// new requests
			template.publish("hub.orders.created", order("while-paused"));
			registry.resume("hub-orders-listener");
			await().atMost(Duration.ofSeconds(15)).until(() -> orders.received.contains("while-paused"));

			assertThat(context.getBean(NatsConnectionHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
			assertThat(context.getBean(NatsConnectionHealthIndicator.class).health().getDetails())
				.containsEntry("jetStreamApiPrefix", "$JS.hub.API.")
				.containsEntry("jetStreamReachable", true);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> context.getBean(WindshiftListenersHealthIndicator.class)
					.health()
					.getStatus()
					.equals(Status.UP));
			WindshiftEndpoint endpoint = new WindshiftEndpoint(context.getBean(Connection.class), registry, null,
					context.getBean(JetStreamOptions.class));
			assertThat(endpoint.windshift().streams()).containsKey("hub-orders");
		});
	}

	@Test
	void orderedListenerOnTheLeafHandlesEachKeyInStreamOrderInTheHub() {
		runner().withUserConfiguration(HubOrderedApplication.class)
			.withPropertyValues("windshift.listener.reject.initial-delay=200ms")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				OrderedOrders orders = context.getBean(OrderedOrders.class);
				WindshiftTemplate template = context.getBean(WindshiftTemplate.class);
				List<String> keys = List.of("a", "b", "c");
				long last = 0;
				for (int i = 0; i < 10; i++) {
					for (String key : keys) {
						last = template.publish("hub.ordered." + key, order(key + ":" + i)).id();
					}
				}
				await().atMost(Duration.ofSeconds(30)).until(() -> orders.handled.get() == 30);
				assertThat(orders.violations).isEmpty();
				// b:2 failed once: it was retried before b:3, and each key kept its order
				assertThat(orders.failed).containsExactly("b:2");
				for (String key : keys) {
					assertThat(orders.byKey.get(key)).containsExactlyElementsOf(
							java.util.stream.IntStream.range(0, 10).mapToObj((i) -> key + ":" + i).toList());
				}
				// the consumer and its acks live in the hub
				long lastId = last;
				await().atMost(Duration.ofSeconds(10))
					.until(() -> hub.jetStreamManagement()
						.getConsumerInfo("hub-ordered", "hub-ordered-listener")
						.getAckFloor()
						.getStreamSequence() == lastId);
				// with its pinned-client priority group, whose pin the pulls carry
				// through
				// the leaf
				assertThat(hub.jetStreamManagement()
					.getConsumerInfo("hub-ordered", "hub-ordered-listener")
					.getConsumerConfiguration()
					.getPriorityPolicy()).isEqualTo(PriorityPolicy.PinnedClient);
				assertThatExceptionOfType(JetStreamApiException.class)
					.isThrownBy(() -> leaf.jetStreamManagement().getStreamInfo("hub-ordered"));
			});
	}

	@Test
	void withoutTheDomainTheLeafsOwnJetStreamIsUsed() {
		runner().withPropertyValues("windshift.nats.jetstream.domain=")
			.withBean(StreamDefinition.class,
					() -> StreamDefinition.builder("leaf-local").subjects("leaf.local.>").build())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(leaf.jetStreamManagement().getStreamNames()).contains("leaf-local");
				assertThat(hub.jetStreamManagement().getStreamNames()).doesNotContain("leaf-local");
			});
	}

	@Test
	void domainAndApiPrefixTogetherFailStartupNamingBoth() {
		runner().withPropertyValues("windshift.nats.jetstream.api-prefix=$JS.other.API").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("windshift.nats.jetstream.domain")
				.hasMessageContaining("windshift.nats.jetstream.api-prefix");
		});
	}

	@Test
	void apiPrefixReachesTheHubLikeTheDomain() {
		runner()
			.withPropertyValues("windshift.nats.jetstream.domain=", "windshift.nats.jetstream.api-prefix=$JS.hub.API")
			.withBean(StreamDefinition.class,
					() -> StreamDefinition.builder("hub-prefixed").subjects("hub.prefixed.>").build())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(hub.jetStreamManagement().getStreamNames()).contains("hub-prefixed");
				PublishedEvent event = context.getBean(WindshiftTemplate.class).publish("hub.prefixed.x", order("p"));
				assertThat(event.stream()).isEqualTo("hub-prefixed");
			});
	}

	private static OrderCreated order(String id) {
		return OrderCreated.newBuilder().setOrderId(id).build();
	}

	static class Orders {

		final List<String> received = new CopyOnWriteArrayList<>();

		@WindshiftListener(id = "hub-orders-listener", stream = "hub-orders", consumer = "hub-orders-listener")
		void on(Event<OrderCreated> event) {
			this.received.add(event.data().getOrderId());
		}

	}

	static class OrderedOrders {

		final Map<String, List<String>> byKey = new ConcurrentHashMap<>();

		final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();

		final List<String> violations = new CopyOnWriteArrayList<>();

		final List<String> failed = new CopyOnWriteArrayList<>();

		final AtomicInteger handled = new AtomicInteger();

		@WindshiftListener(id = "hub-ordered-listener", stream = "hub-ordered", consumer = "hub-ordered-listener",
				orderBy = "subject-token:3", concurrency = "4")
		void on(Event<OrderCreated> event) {
			String key = event.subject().substring("hub.ordered.".length());
			AtomicInteger busy = this.running.computeIfAbsent(key, (k) -> new AtomicInteger());
			if (busy.incrementAndGet() > 1) {
				this.violations.add("two events of key " + key + " at once");
			}
			try {
				String id = event.data().getOrderId();
				if (id.equals("b:2") && event.deliveryAttempt() == 1) {
					this.failed.add(id);
					throw new IllegalStateException("fails on its first attempt");
				}
				this.byKey.computeIfAbsent(key, (k) -> new CopyOnWriteArrayList<>()).add(id);
				this.handled.incrementAndGet();
			}
			finally {
				busy.decrementAndGet();
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class HubOrderedApplication {

		@Bean
		StreamDefinition hubOrdered() {
			return StreamDefinition.builder("hub-ordered").subjects("hub.ordered.>").build();
		}

		@Bean
		OrderedOrders orderedOrders() {
			return new OrderedOrders();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class HubApplication {

		@Bean
		StreamDefinition hubOrders() {
			return StreamDefinition.builder("hub-orders").subjects("hub.orders.>").build();
		}

		@Bean
		Orders orders() {
			return new Orders();
		}

	}

}
