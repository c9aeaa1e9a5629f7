package io.windshift.chaos;

import io.windshift.events.Event;
import io.windshift.listener.AckMode;
import io.windshift.listener.WindshiftListener;
import io.windshift.test.proto.OrderCreated;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.convert.DurationStyle;

/**
 * The serial chaos listener: subjects {@code chaos.*.k0}, one event in flight on the
 * durable consumer {@code chaos-serial} across all instances (max pending 1), so it
 * handles them in stream order and the checker's reorder rule applies. The
 * {@code orderBy} listener, once merged, takes this shape with
 * {@code orderBy = "subject-token:3"}, concurrency 4 and the default max pending.
 */
class SerialListener {

	private final ChaosHandling handling;

	SerialListener(ChaosHandling handling, @Value("${chaos.timeout}") String timeout) {
		this.handling = handling;
		handling.listening("serial", "chaos-serial", "chaos.*.k0", true, DurationStyle.detectAndParse(timeout));
	}

	@WindshiftListener(id = "serial", stream = "chaos", consumer = "chaos-serial", subjects = "chaos.*.k0",
			consumeFrom = "start", processingTimeout = "${chaos.timeout}", concurrency = "1", maxPendingEvents = "1",
			maxDeliveryAttempts = "1000", ackMode = AckMode.MANUAL)
	void on(Event<OrderCreated> event) {
		this.handling.handle("serial", event, ChaosHandling.orderKey(event.subject()));
	}

}
