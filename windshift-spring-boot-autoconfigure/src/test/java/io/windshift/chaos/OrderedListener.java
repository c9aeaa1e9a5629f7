package io.windshift.chaos;

import io.windshift.events.Event;
import io.windshift.listener.WindshiftListener;
import io.windshift.test.proto.OrderCreated;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.convert.DurationStyle;

/**
 * The ordered chaos listener: every subject, {@code orderBy} the key token, concurrency
 * 4, on the durable consumer {@code chaos-ordered} shared by both instances (a pinned
 * client serves it). Failures are thrown, so the container retries them in place and the
 * later events of their key wait.
 */
class OrderedListener {

	private final ChaosHandling handling;

	OrderedListener(ChaosHandling handling, @Value("${chaos.timeout}") String timeout) {
		this.handling = handling;
		handling.listening("ordered", "chaos-ordered", "chaos.>", true, DurationStyle.detectAndParse(timeout));
	}

	@WindshiftListener(id = "ordered", stream = "chaos", consumer = "chaos-ordered", subjects = "chaos.>",
			consumeFrom = "start", processingTimeout = "${chaos.timeout}", concurrency = "4",
			orderBy = "subject-token:3", maxDeliveryAttempts = "1000")
	void on(Event<OrderCreated> event) {
		this.handling.handleThrowing("ordered", event, ChaosHandling.orderKey(event.subject()));
	}

}
