package io.windshift.listener;

import java.time.Duration;

import io.nats.client.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.windshift.events.Event;
import io.windshift.test.NatsServer;
import io.windshift.test.proto.OrderCreated;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Startup: invalid listener methods and duplicate ids fail naming the bean and method; proxied beans work;
 * auto-startup, pause/resume and stop/start by id through the registry; virtual threads.
 */
class WindshiftListenerStartupTests {

	private static NatsServer server;

	private static Connection connection;

	@BeforeAll
	static void startServer() throws Exception {
		server = NatsServer.start();
		connection = ListenerTestSupport.connect(server.url());
	}

	@AfterAll
	static void stopServer() throws Exception {
		connection.close();
		server.close();
	}

	@Test
	void parameterThatIsNotAProtobufMessageFailsStartupNamingBeanAndMethod() {
		ListenerTestSupport.runner(server.url()).withUserConfiguration(BadParameterConfig.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("parameter type java.lang.String");
			assertThat(context.getStartupFailure()).hasMessageContaining("bean 'badParameter'")
				.hasMessageContaining("method 'BadParameter.on'");
		});
	}

	@Test
	void duplicateIdFailsStartupNamingBothMethods() {
		ListenerTestSupport.runner(server.url()).withUserConfiguration(DuplicateIdConfig.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasMessageContaining("Duplicate @WindshiftListener id 'same'")
				.hasMessageContaining("bean 'duplicates'");
		});
	}

	@Test
	void unknownRejectPolicyBeanFailsStartupNamingTheListener() {
		ListenerTestSupport.runner(server.url())
			.withUserConfiguration(ScriptedListeners.AutoConfig.class)
			.withPropertyValues("test.stream=orders", "test.policy=noSuchPolicy")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasMessageContaining("bean 'autoListener' method 'Auto.on'")
					.hasMessageContaining("no RejectPolicy bean named 'noSuchPolicy'");
			});
	}

	@Test
	void rejectPolicyBeanIsUsedByName() throws Exception {
		String stream = ListenerTestSupport.createStream(connection, "policy");
		ListenerTestSupport.runner(server.url())
			.withUserConfiguration(ScriptedListeners.AutoConfig.class)
			.withBean("giveUpAtOnce", RejectPolicy.class, () -> (event, failure) -> RejectPolicy.GIVE_UP)
			.withPropertyValues("test.stream=" + stream, "test.policy=giveUpAtOnce")
			.run((context) -> {
				ScriptedListeners.Auto listener = context.getBean(ScriptedListeners.Auto.class);
				listener.behaviour = (event) -> {
					throw new IllegalStateException("fails");
				};
				ListenerTestSupport.publish(connection, stream + ".x", OrderCreated.newBuilder().setOrderId("p").build());
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(ListenerTestSupport.consumerInfo(connection, stream, "auto")
						.getAckFloor()
						.getStreamSequence()).isEqualTo(1));
				await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> listener.count("p") == 1);
			});
	}

	@Test
	void missingStreamFailsStartupNamingIt() {
		ListenerTestSupport.runner(server.url())
			.withUserConfiguration(ScriptedListeners.AutoConfig.class)
			.withPropertyValues("test.stream=does-not-exist")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure())
					.hasStackTraceContaining("Listener 'auto' could not start: Consumer 'auto' of stream 'does-not-exist'")
					.hasStackTraceContaining("stream 'does-not-exist' does not exist");
			});
	}

	@Test
	void proxiedBeansAreListenersToo() throws Exception {
		String stream = ListenerTestSupport.createStream(connection, "proxied");
		ListenerTestSupport.runner(server.url())
			.withUserConfiguration(ProxiedConfig.class)
			.withPropertyValues("test.stream=" + stream)
			.run((context) -> {
				assertThat(org.springframework.aop.support.AopUtils.isAopProxy(context.getBean("proxied"))).isTrue();
				ListenerTestSupport.publish(connection, stream + ".x", OrderCreated.newBuilder().setOrderId("p").build());
				Proxied target = context.getBean(ProxiedConfig.class).target;
				await().atMost(Duration.ofSeconds(10)).until(() -> target.received.size() == 1);
			});
	}

	@Test
	void lifecycleByIdThroughTheRegistry() throws Exception {
		String stream = ListenerTestSupport.createStream(connection, "life");
		ListenerTestSupport.runner(server.url())
			.withUserConfiguration(ScriptedListeners.AutoConfig.class)
			.withPropertyValues("test.stream=" + stream, "windshift.listener.auto-startup=false",
					"spring.threads.virtual.enabled=true")
			.run((context) -> {
				WindshiftListenerEndpointRegistry registry = context.getBean(WindshiftListenerEndpointRegistry.class);
				ScriptedListeners.Auto listener = context.getBean(ScriptedListeners.Auto.class);
				assertThat(registry.getListenerContainerIds()).containsExactly("auto");
				assertThat(registry.getState("auto")).isEqualTo(ListenerState.STOPPED);
				registry.start("auto");
				assertThat(registry.getState("auto")).isEqualTo(ListenerState.RUNNING);
				java.util.List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
				listener.behaviour = (event) -> threads.add(Thread.currentThread());
				ListenerTestSupport.publish(connection, stream + ".x", OrderCreated.newBuilder().setOrderId("1").build());
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.count("1") == 1);
				assertThat(threads.get(0).getName()).startsWith("auto-");
				if (org.springframework.boot.system.JavaVersion.getJavaVersion()
					.isEqualOrNewerThan(org.springframework.boot.system.JavaVersion.TWENTY_ONE)) {
					assertThat(Thread.class.getMethod("isVirtual").invoke(threads.get(0))).isEqualTo(true);
				}
				registry.pause("auto");
				assertThat(registry.getState("auto")).isEqualTo(ListenerState.PAUSED);
				await().atMost(Duration.ofSeconds(3)).until(() -> pollersIdle(registry));
				ListenerTestSupport.publish(connection, stream + ".x", OrderCreated.newBuilder().setOrderId("2").build());
				await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
					.until(() -> listener.count("2") == 0);
				registry.resume("auto");
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.count("2") == 1);
				registry.stop("auto");
				assertThat(registry.getState("auto")).isEqualTo(ListenerState.STOPPED);
				ListenerTestSupport.publish(connection, stream + ".x", OrderCreated.newBuilder().setOrderId("3").build());
				await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(3))
					.until(() -> listener.count("3") == 0);
				registry.start("auto");
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.count("3") == 1);
			});
	}

	private static boolean pollersIdle(WindshiftListenerEndpointRegistry registry) throws Exception {
		// a fetch started before pause may still deliver; wait until the consumer has no waiting pulls
		return connection.jetStreamManagement().getConsumerInfo(
				registry.getListenerContainer("auto").getStream(), "auto").getNumWaiting() == 0;
	}

	@Configuration(proxyBeanMethods = false)
	static class BadParameterConfig {

		@Bean
		BadParameter badParameter() {
			return new BadParameter();
		}

	}

	static class BadParameter {

		@WindshiftListener(stream = "orders")
		void on(String text) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DuplicateIdConfig {

		@Bean
		Duplicates duplicates() {
			return new Duplicates();
		}

	}

	static class Duplicates {

		@WindshiftListener(id = "same", stream = "orders")
		void one(OrderCreated order) {
		}

		@WindshiftListener(id = "same", stream = "orders")
		void two(Event<OrderCreated> event) {
		}

	}

	interface Handler {

		void on(OrderCreated order);

	}

	static class Proxied implements Handler {

		final ListenerTestSupport.Received<OrderCreated> received = new ListenerTestSupport.Received<>();

		@Override
		@WindshiftListener(stream = "${test.stream}")
		public void on(OrderCreated order) {
			this.received.add(order);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ProxiedConfig {

		final Proxied target = new Proxied();

		@Bean
		Handler proxied() {
			ProxyFactory factory = new ProxyFactory(this.target);
			factory.addInterface(Handler.class);
			return (Handler) factory.getProxy();
		}

	}

}
