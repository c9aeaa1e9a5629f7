package io.windshift.chaos;

import io.windshift.events.Event;
import io.windshift.listener.AckMode;
import io.windshift.listener.WindshiftListener;
import io.windshift.test.proto.OrderCreated;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.convert.DurationStyle;

/**
 * The plain chaos listener: every subject, concurrency 4, on the durable consumer
 * {@code chaos-plain}.
 */
class PlainListener {

	private final ChaosHandling handling;

	PlainListener(ChaosHandling handling, @Value("${chaos.timeout}") String timeout) {
		this.handling = handling;
		handling.listening("plain", "chaos-plain", "chaos.>", false, DurationStyle.detectAndParse(timeout));
	}

	@WindshiftListener(id = "plain", stream = "chaos", consumer = "chaos-plain", subjects = "chaos.>",
			consumeFrom = "start", processingTimeout = "${chaos.timeout}", concurrency = "4",
			maxDeliveryAttempts = "1000", ackMode = AckMode.MANUAL)
	void on(Event<OrderCreated> event) {
		this.handling.handle("plain", event, ChaosHandling.orderKey(event.subject()));
	}

}
