package io.windshift.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.Observation;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.windshift.events.PublishedEvent;
import io.windshift.events.WindshiftTemplate;
import io.windshift.listener.ObservingListenerObserver;
import io.windshift.listener.WindshiftListenerActivity;
import io.windshift.observation.DefaultPublishObservationConvention;
import io.windshift.observation.ListenerObservations;
import io.windshift.observation.PublishObservationContext;
import io.windshift.observation.PublishObservationConvention;
import io.windshift.observation.PublishObservations;
import io.windshift.observation.StoppedContexts;
import io.windshift.observation.TraceHeaders;
import io.windshift.test.NatsServerExtension;
import io.windshift.test.proto.OrderCreated;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The observation auto-configuration: its beans, switches and replaceable conventions.
 */
class WindshiftObservationAutoConfigurationTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create();

	@BeforeAll
	static void start() throws Exception {
		nats.connection()
			.jetStreamManagement()
			.addStream(StreamConfiguration.builder()
				.name("conf")
				.subjects("conf.>")
				.storageType(StorageType.Memory)
				.build());
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WindshiftConnectionAutoConfiguration.class,
					WindshiftTemplateAutoConfiguration.class, WindshiftAdminAutoConfiguration.class,
					WindshiftListenerAutoConfiguration.class, WindshiftObservationAutoConfiguration.class))
			.withPropertyValues("windshift.nats.servers=" + nats.url());
	}

	@Test
	void observesBothDirectionsByDefault() {
		runner().run((context) -> assertThat(context).hasSingleBean(PublishObservations.class)
			.hasSingleBean(ListenerObservations.class)
			.hasSingleBean(ObservingListenerObserver.class)
			.hasSingleBean(WindshiftListenerActivity.class)
			.hasSingleBean(TraceHeaders.class));
	}

	@Test
	void withoutAnObservationRegistryNothingIsObservedOrWritten() {
		runner().run((context) -> {
			assertThat(context.getBean(PublishObservations.class).isEnabled()).isFalse();
			assertThat(context.getBean(ListenerObservations.class).isEnabled()).isFalse();
			PublishedEvent published = context.getBean(WindshiftTemplate.class)
				.publish("conf.created", OrderCreated.getDefaultInstance());
			assertThat(storedHeaders(published).containsKey("WS-Trace-Parent")).isFalse();
		});
	}

	@Test
	void eachDirectionHasAnOffSwitch() {
		runner().withPropertyValues("windshift.observation.publish.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(PublishObservations.class)
				.hasSingleBean(ObservingListenerObserver.class));
		runner().withPropertyValues("windshift.observation.listener.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(PublishObservations.class)
				.doesNotHaveBean(ListenerObservations.class)
				.doesNotHaveBean(ObservingListenerObserver.class));
	}

	@Test
	void usesTheApplicationsRegistryAndAUserConventionAndWritesStandardHeadersOnRequest() {
		List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
		ObservationRegistry registry = StoppedContexts.registry(stopped);
		PublishObservationConvention convention = new DefaultPublishObservationConvention() {
			@Override
			public KeyValues getLowCardinalityKeyValues(PublishObservationContext context) {
				return super.getLowCardinalityKeyValues(context).and("team", "checkout");
			}
		};
		runner().withBean(ObservationRegistry.class, () -> registry)
			.withBean(PublishObservationConvention.class, () -> convention)
			.withPropertyValues("windshift.observation.write-standard-trace-headers=true")
			.run((context) -> {
				context.getBean(WindshiftTemplate.class).publish("conf.created", OrderCreated.getDefaultInstance());
				assertThat(stopped).singleElement().satisfies((observed) -> {
					assertThat(observed.getName()).isEqualTo("windshift.publish");
					assertThat(observed.getContextualName()).isEqualTo("publish conf.created");
					assertThat(observed.getLowCardinalityKeyValue("team").getValue()).isEqualTo("checkout");
					assertThat(observed.getLowCardinalityKeyValue("windshift.stream").getValue()).isEqualTo("conf");
				});
				Headers headers = new Headers();
				context.getBean(TraceHeaders.class).set(headers, "traceparent", "00-x-y-01");
				assertThat(headers.getFirst("traceparent")).isEqualTo("00-x-y-01");
				assertThat(headers.getFirst("WS-Trace-Parent")).isEqualTo("00-x-y-01");
			});
	}

	private static Headers storedHeaders(PublishedEvent event) throws Exception {
		return nats.connection().jetStreamManagement().getMessage(event.stream(), event.id()).getHeaders();
	}

}
