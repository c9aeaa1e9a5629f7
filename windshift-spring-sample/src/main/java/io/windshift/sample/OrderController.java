package io.windshift.sample;

import java.util.Map;

import io.windshift.events.PublishedEvent;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /orders} places an order: it is published once, however often the client
 * retries.
 */
@RestController
class OrderController {

	private final OrderService orders;

	OrderController(OrderService orders) {
		this.orders = orders;
	}

	@PostMapping("/orders")
	ResponseEntity<Map<String, Object>> place(@RequestBody PlaceOrderRequest request) {
		PublishedEvent published = this.orders.place(request);
		return ResponseEntity.accepted()
			.body(Map.of("orderId", request.orderId(), "stream", published.stream(), "id", published.id(), "duplicate",
					published.duplicate()));
	}

}
