package io.windshift.sample.docs;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.windshift.autoconfigure.WindshiftListenerContainerFactoryConfigurer;
import io.windshift.events.Event;
import io.windshift.events.PublishedEvent;
import io.windshift.events.WindshiftOperations;
import io.windshift.listener.ListenerContainerCustomizer;
import io.windshift.listener.ListenerContainerFactory;
import io.windshift.listener.ListenerContainerFailedToStartEvent;
import io.windshift.listener.ListenerContainerIdleEvent;
import io.windshift.listener.ListenerObserver;
import io.windshift.listener.WindshiftListener;
import io.windshift.sample.orders.v1.OrderPlaced;

import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/**
 * The listener extension points as the documentation shows them (not registered in the
 * sample).
 */
class ExtensionPointExamples {

	private static final Logger log = LoggerFactory.getLogger(ExtensionPointExamples.class);

	static class Factories {

		// tag::container-factory[]
		@Bean
		ListenerContainerFactory bulkFactory(WindshiftListenerContainerFactoryConfigurer configurer) {
			ListenerContainerFactory factory = configurer.createContainerFactory(); // windshift.listener.*
																					// applied
			factory.setConcurrency(16);
			factory.setMaxPrefetch(2000);
			return factory;
		}

		@WindshiftListener(stream = "orders", consumer = "bulk-export", containerFactory = "bulkFactory")
		void export(OrderPlaced order) {
			log.info("exporting {}", order.getOrderId());
		}
		// end::container-factory[]

	}

	static class Customizers {

		// tag::customizer[]
		@Bean
		ListenerContainerCustomizer startAuditPaused() {
			return (container) -> {
				if (container.getListenerId().startsWith("audit-")) {
					container.pause(); // resumed later through
										// WindshiftListenerEndpointRegistry.resume(id)
				}
			};
		}
		// end::customizer[]

	}

	static class ContainerEvents {

		// tag::events[]
		@EventListener
		void idle(ListenerContainerIdleEvent event) {
			log.warn("listener {} has had no event for {}", event.getListenerId(), event.getIdleTime());
		}

		@EventListener
		void failed(ListenerContainerFailedToStartEvent event) {
			log.error("listener {} could not start", event.getListenerId(), event.getFailure());
		}
		// end::events[]

	}

	// tag::observer[]
	static class SlowRedeliveryAlarm implements ListenerObserver {

		@Override
		public void outcome(String listenerId, Event<?> event, Outcome outcome, @Nullable Throwable failure) {
			if (outcome == Outcome.REDELIVERED && event.deliveryAttempt() >= 3) {
				log.warn("{}: event {} of {} failed {} times", listenerId, event.id(), event.stream(),
						event.deliveryAttempt());
			}
		}

	}
	// end::observer[]

	// tag::operations[]
	static class OrderPublisher {

		private final WindshiftOperations windshift; // the auto-configured
														// WindshiftTemplate

		OrderPublisher(WindshiftOperations windshift) {
			this.windshift = windshift;
		}

		PublishedEvent place(OrderPlaced order) {
			return this.windshift.publish("orders.placed", order);
		}

	}
	// end::operations[]

}
