package io.windshift.sample;

import java.sql.Timestamp;
import java.time.Instant;

import io.windshift.events.OutgoingEvent;
import io.windshift.events.WindshiftTemplate;
import io.windshift.sample.orders.v1.OrderCancelled;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cancels orders: the cancellation is stored in the database and its
 * {@code orders.cancelled} event published in one Spring-managed transaction, without
 * Spring Modulith. The event is sent once the transaction commits, never if it rolls
 * back.
 */
@Service
class OrderCancellations {

	private final WindshiftTemplate windshift;

	private final JdbcClient jdbc;

	OrderCancellations(WindshiftTemplate windshift, JdbcClient jdbc) {
		this.windshift = windshift;
		this.jdbc = jdbc;
	}

	// tag::after-commit[]
	/**
	 * Cancels an order once; a second cancellation of the same order fails and publishes
	 * nothing.
	 */
	@Transactional
	public void cancel(String orderId, String reason) {
		// held by the transaction: sent after the commit, dropped on rollback
		this.windshift.publishAfterCommit(OutgoingEvent
			.builder("orders.cancelled", OrderCancelled.newBuilder().setOrderId(orderId).setReason(reason).build())
			.build());
		// an order is cancelled once: a second cancellation breaks the primary key, the
		// transaction rolls back and its event is never sent
		this.jdbc.sql("insert into order_cancellations (order_id, reason, cancelled_at) values (?, ?, ?)")
			.params(orderId, reason, Timestamp.from(Instant.now()))
			.update();
	}
	// end::after-commit[]

}
