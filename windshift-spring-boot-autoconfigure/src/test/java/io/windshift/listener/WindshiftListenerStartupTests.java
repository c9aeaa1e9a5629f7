package io.windshift.listener;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.windshift.events.Event;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.windshift.listener.ListenerTestSupport.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Startup: invalid listener methods and duplicate ids fail naming the bean and method;
 * proxied beans work; auto-startup, pause/resume and stop/start by id through the
 * registry; virtual threads.
 */
class WindshiftListenerStartupTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create().connectWith(ListenerTestSupport::connect);

	@Test
	void parameterThatIsNotAProtobufMessageFailsStartupNamingBeanAndMethod() {
		ListenerTestSupport.runner(nats.url()).withUserConfiguration(BadParameterConfig.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("parameter type java.lang.String");
			assertThat(context.getStartupFailure()).hasMessageContaining("bean 'badParameter'")
				.hasMessageContaining("method 'BadParameter.on'");
		});
	}

	@Test
	void duplicateIdFailsStartupNamingBothMethods() {
		ListenerTestSupport.runner(nats.url()).withUserConfiguration(DuplicateIdConfig.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasMessageContaining("Duplicate @WindshiftListener id 'same'")
				.hasMessageContaining("bean 'duplicates'");
		});
	}

	@Test
	void unknownRejectPolicyBeanFailsStartupNamingTheListener() {
		ListenerTestSupport.runner(nats.url())
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
		String stream = ListenerTestSupport.createStream(nats.connection(), "policy");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(ScriptedListeners.AutoConfig.class)
			.withBean("giveUpAtOnce", RejectPolicy.class, () -> (event, failure) -> RejectPolicy.GIVE_UP)
			.withPropertyValues("test.stream=" + stream, "test.policy=giveUpAtOnce")
			.run((context) -> {
				ScriptedListeners.Auto listener = context.getBean(ScriptedListeners.Auto.class);
				listener.behaviour = (event) -> {
					throw new IllegalStateException("fails");
				};
				ListenerTestSupport.publish(nats.connection(), stream + ".x", order("p"));
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(ListenerTestSupport.consumerInfo(nats.connection(), stream, "auto")
						.getAckFloor()
						.getStreamSequence()).isEqualTo(1));
				// settled, so nothing more can come: the server delivered it once and the
				// policy gave up at once
				assertThat(ListenerTestSupport.consumerInfo(nats.connection(), stream, "auto")
					.getDelivered()
					.getConsumerSequence()).isEqualTo(1);
				assertThat(listener.count("p")).isEqualTo(1);
			});
	}

	@Test
	void missingStreamFailsStartupNamingIt() {
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(ScriptedListeners.AutoConfig.class)
			.withPropertyValues("test.stream=does-not-exist")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure())
					.hasStackTraceContaining(
							"Listener 'auto' could not start: Consumer 'auto' of stream 'does-not-exist'")
					.hasStackTraceContaining("stream 'does-not-exist' does not exist");
			});
	}

	@Test
	void proxiedBeansAreListenersToo() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "proxied");
		ListenerTestSupport.runner(nats.url())
			.withUserConfiguration(ProxiedConfig.class)
			.withPropertyValues("test.stream=" + stream)
			.run((context) -> {
				assertThat(org.springframework.aop.support.AopUtils.isAopProxy(context.getBean("proxied"))).isTrue();
				ListenerTestSupport.publish(nats.connection(), stream + ".x", order("p"));
				Proxied target = context.getBean(ProxiedConfig.class).target;
				await().atMost(Duration.ofSeconds(10)).until(() -> target.received.size() == 1);
			});
	}

	@Test
	void lifecycleByIdThroughTheRegistry() throws Exception {
		String stream = ListenerTestSupport.createStream(nats.connection(), "life");
		ListenerTestSupport.runner(nats.url())
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
				ListenerTestSupport.publish(nats.connection(), stream + ".x", order("1"));
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.count("1") == 1);
				assertThat(threads.get(0).getName()).startsWith("auto-");
				if (org.springframework.boot.system.JavaVersion.getJavaVersion()
					.isEqualOrNewerThan(org.springframework.boot.system.JavaVersion.TWENTY_ONE)) {
					assertThat(Thread.class.getMethod("isVirtual").invoke(threads.get(0))).isEqualTo(true);
				}
				registry.pause("auto");
				assertThat(registry.getState("auto")).isEqualTo(ListenerState.PAUSED);
				await().atMost(Duration.ofSeconds(3)).until(() -> pollersIdle(registry));
				ListenerTestSupport.publish(nats.connection(), stream + ".x", order("2"));
				await().during(Duration.ofMillis(1500))
					.atMost(Duration.ofSeconds(3))
					.until(() -> listener.count("2") == 0);
				registry.resume("auto");
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.count("2") == 1);
				registry.stop("auto");
				assertThat(registry.getState("auto")).isEqualTo(ListenerState.STOPPED);
				ListenerTestSupport.publish(nats.connection(), stream + ".x", order("3"));
				await().during(Duration.ofMillis(1000))
					.atMost(Duration.ofSeconds(3))
					.until(() -> listener.count("3") == 0);
				registry.start("auto");
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.count("3") == 1);
			});
	}

	private static boolean pollersIdle(WindshiftListenerEndpointRegistry registry) throws Exception {
		// a fetch started before pause may still deliver; wait until the consumer has no
		// waiting pulls
		return nats.connection()
			.jetStreamManagement()
			.getConsumerInfo(registry.getListenerContainer("auto").getStream(), "auto")
			.getNumWaiting() == 0;
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
