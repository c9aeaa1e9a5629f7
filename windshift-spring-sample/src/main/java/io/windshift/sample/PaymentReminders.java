package io.windshift.sample;

import java.time.Duration;

import io.windshift.events.Event;
import io.windshift.events.OutgoingEvent;
import io.windshift.events.WindshiftTemplate;
import io.windshift.listener.WindshiftListener;
import io.windshift.sample.orders.v1.OrderPlaced;
import io.windshift.sample.orders.v1.PaymentReminder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Payment reminders: a delayed event published when an order is placed, stored by the
 * server until its time and only then delivered to the listener (the {@code reminders}
 * stream allows scheduled events, see {@link OrderStreams}).
 */
@Component
class PaymentReminders {

	private static final Logger log = LoggerFactory.getLogger(PaymentReminders.class);

	private final WindshiftTemplate windshift;

	private final OrderJournal journal;

	private final Duration delay;

	PaymentReminders(WindshiftTemplate windshift, OrderJournal journal,
			@Value("${sample.payment-reminder-delay:10s}") Duration delay) {
		this.windshift = windshift;
		this.journal = journal;
		this.delay = delay;
	}

	// tag::schedule[]
	/**
	 * Schedules the reminder of a placed order: it reaches the listener after the delay.
	 */
	void schedule(OrderPlaced order) {
		this.windshift.publish(OutgoingEvent
			.builder("reminders.payment",
					PaymentReminder.newBuilder()
						.setOrderId(order.getOrderId())
						.setCustomer(order.getCustomer())
						.setTotalCents(order.getTotalCents())
						.build())
			// the same order placed again within the dedup window schedules one
			// reminder
			.idempotencyKey("reminder-" + order.getOrderId())
			.deliverAfter(this.delay)
			.build());
	}
	// end::schedule[]

	// tag::listener-delayed[]
	/** Gets each reminder once, at its time, never before. */
	@WindshiftListener(id = "payment-reminders", stream = "reminders", consumer = "payment-reminders")
	void remind(Event<PaymentReminder> reminder) {
		log.info("payment reminder for order {} ({}, {} cents), placed at {}", reminder.data().getOrderId(),
				reminder.data().getCustomer(), reminder.data().getTotalCents(), reminder.occurredAt());
		this.journal.record("reminded", reminder.data().getOrderId());
	}
	// end::listener-delayed[]

}
