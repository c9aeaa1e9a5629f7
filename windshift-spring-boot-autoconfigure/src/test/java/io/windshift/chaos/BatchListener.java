package io.windshift.chaos;

import java.util.List;

import io.windshift.events.Event;
import io.windshift.listener.AckMode;
import io.windshift.listener.WindshiftListener;
import io.windshift.test.proto.OrderCreated;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.convert.DurationStyle;

/**
 * The batch chaos listener: every subject, batches of up to 20 settled event by event, on
 * the durable consumer {@code chaos-batch} shared by both instances.
 */
class BatchListener {

	private final ChaosHandling handling;

	BatchListener(ChaosHandling handling, @Value("${chaos.timeout}") String timeout) {
		this.handling = handling;
		handling.listening("batch", "chaos-batch", "chaos.>", false, DurationStyle.detectAndParse(timeout));
	}

	@WindshiftListener(id = "batch", stream = "chaos", consumer = "chaos-batch", subjects = "chaos.>",
			consumeFrom = "start", processingTimeout = "${chaos.timeout}", maxBatchSize = "20", maxBatchWait = "100ms",
			maxDeliveryAttempts = "1000", ackMode = AckMode.MANUAL)
	void on(List<Event<OrderCreated>> batch) {
		this.handling.handleBatch("batch", batch);
	}

}
