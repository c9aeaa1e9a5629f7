package io.windshift.sample;

import java.util.Map;

import io.windshift.events.PublishedEvent;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /orders} places an order: it is published once, however often the client
 * retries. {@code POST /orders/{orderId}/cancellation} cancels it.
 */
@RestController
class OrderController {

	private final OrderService orders;

	private final OrderCancellations cancellations;

	OrderController(OrderService orders, OrderCancellations cancellations) {
		this.orders = orders;
		this.cancellations = cancellations;
	}

	@PostMapping("/orders")
	ResponseEntity<Map<String, Object>> place(@RequestBody PlaceOrderRequest request) {
		PublishedEvent published = this.orders.place(request);
		return ResponseEntity.accepted()
			.body(Map.of("orderId", request.orderId(), "stream", published.stream(), "id", published.id(), "duplicate",
					published.duplicate()));
	}

	/**
	 * {@code POST /orders/{orderId}/cancellation} cancels an order once: stored and
	 * published after the commit; a second time answers 409 and publishes nothing.
	 */
	@PostMapping("/orders/{orderId}/cancellation")
	ResponseEntity<Map<String, Object>> cancel(@PathVariable String orderId,
			@RequestParam(defaultValue = "customer request") String reason) {
		try {
			this.cancellations.cancel(orderId, reason);
			return ResponseEntity.accepted().body(Map.of("orderId", orderId, "cancelled", true));
		}
		catch (DuplicateKeyException ex) {
			return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("orderId", orderId, "cancelled", false));
		}
	}

}
