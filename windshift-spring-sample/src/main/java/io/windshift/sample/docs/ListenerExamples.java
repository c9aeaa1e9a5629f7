package io.windshift.sample.docs;

import java.util.ArrayList;
import java.util.List;

import io.windshift.events.Event;
import io.windshift.events.OutgoingEvent;
import io.windshift.listener.AckMode;
import io.windshift.listener.BatchListenerFailedException;
import io.windshift.listener.WindshiftListener;
import io.windshift.sample.orders.v1.OrderPlaced;
import io.windshift.sample.orders.v1.OrderShipped;

/**
 * Batch, forwarding and partitioned listeners as the documentation shows them (not a
 * bean: nothing here runs).
 */
class ListenerExamples {

	private final List<OrderPlaced> warehouse = new ArrayList<>();

	private final List<String> projected = new ArrayList<>();

	// tag::batch[]
	@WindshiftListener(stream = "orders", consumer = "order-archive", maxBatchSize = "500", maxBatchWait = "200ms")
	void archive(List<OrderPlaced> orders) {
		warehouse.addAll(orders); // one write for up to 500 events; returning acks them
									// all
	}
	// end::batch[]

	// tag::batch-failed-index[]
	@WindshiftListener(stream = "orders", consumer = "order-loader", maxBatchSize = "100")
	void load(List<OrderPlaced> orders) {
		for (int i = 0; i < orders.size(); i++) {
			if (orders.get(i).getTotalCents() < 0) {
				// orders 0..i-1 are acked, order i goes to the reject policy, the rest
				// are redelivered
				throw new BatchListenerFailedException("negative total", new IllegalArgumentException("bad order"), i);
			}
			warehouse.add(orders.get(i));
		}
	}
	// end::batch-failed-index[]

	// tag::batch-manual[]
	@WindshiftListener(stream = "orders", consumer = "order-sorter", ackMode = AckMode.MANUAL, maxBatchSize = "50")
	void sort(List<Event<OrderPlaced>> events) {
		for (Event<OrderPlaced> event : events) {
			if (event.data().getCustomer().isEmpty()) {
				event.reject(); // redelivered at once
			}
			else {
				warehouse.add(event.data());
				event.ack();
			}
		} // events left unsettled are redelivered after the processing timeout
	}
	// end::batch-manual[]

	// tag::forward[]
	@WindshiftListener(stream = "orders", consumer = "shipper", subjects = "orders.placed")
	OutgoingEvent ship(OrderPlaced order) {
		// published and confirmed before the order is acked; idempotency key
		// "orders:<id>:<listener id>"
		return OutgoingEvent
			.builder("orders.shipped",
					OrderShipped.newBuilder().setOrderId(order.getOrderId()).setCarrier("windshift-post").build())
			.build();
	}
	// end::forward[]

	// tag::forward-batch[]
	@WindshiftListener(stream = "orders", consumer = "bulk-shipper", subjects = "orders.placed", maxBatchSize = "100")
	List<OutgoingEvent> shipAll(List<OrderPlaced> orders) {
		// the i-th returned event takes its idempotency key from the i-th event of the
		// batch
		return orders.stream()
			.map((order) -> OutgoingEvent.of("orders.shipped",
					OrderShipped.newBuilder().setOrderId(order.getOrderId()).build()))
			.toList();
	}
	// end::forward-batch[]

	// tag::partitioned[]
	@WindshiftListener(stream = "orders", consumer = "order-projector", orderBy = "subject-token:2",
			partitions = "${orders.projector.partitions:8}", concurrency = "4")
	void project(OrderPlaced order) {
		// one event of a key at a time, in stream order, on whichever instance runs the
		// key's partition
		projected.add(order.getOrderId());
	}
	// end::partitioned[]

}
