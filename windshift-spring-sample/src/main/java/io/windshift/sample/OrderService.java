package io.windshift.sample;

import io.windshift.events.OutgoingEvent;
import io.windshift.events.PublishedEvent;
import io.windshift.events.WindshiftTemplate;
import io.windshift.sample.orders.v1.LineItem;
import io.windshift.sample.orders.v1.OrderPlaced;

import org.springframework.stereotype.Service;

/**
 * Turns order requests into {@code orders.placed} events, each with a delayed payment
 * reminder.
 */
@Service
class OrderService {

	private final WindshiftTemplate windshift;

	private final PaymentReminders reminders;

	OrderService(WindshiftTemplate windshift, PaymentReminders reminders) {
		this.windshift = windshift;
		this.reminders = reminders;
	}

	PublishedEvent place(PlaceOrderRequest request) {
		OrderPlaced order = OrderPlaced.newBuilder()
			.setOrderId(request.orderId())
			.setCustomer(request.customer())
			.addItems(LineItem.newBuilder()
				.setSku(request.sku())
				.setQuantity(request.quantity())
				.setPriceCents(request.priceCents()))
			.setTotalCents(request.quantity() * request.priceCents())
			.build();
		// tag::publish[]
		// the order id is the idempotency key: a retried request inside the dedup window
		// is stored once
		PublishedEvent placed = this.windshift.publish(
				OutgoingEvent.builder("orders.placed", order).idempotencyKey("order-" + request.orderId()).build());
		// end::publish[]
		this.reminders.schedule(order);
		return placed;
	}

}
