package io.windshift.sample.docs;

import java.util.ArrayList;
import java.util.List;

import io.windshift.listener.WindshiftHandler;
import io.windshift.listener.WindshiftListener;
import io.windshift.sample.orders.v1.OrderPlaced;
import io.windshift.sample.orders.v1.OrderShipped;

/**
 * Ordered and class-level batch listeners as the documentation shows them (not beans:
 * nothing here runs).
 */
class BatchWiringExamples {

	private final List<OrderPlaced> ledger = new ArrayList<>();

	// tag::batch-ordered[]
	@WindshiftListener(stream = "orders", consumer = "order-ledger", orderBy = "subject-token:2", concurrency = "4",
			maxBatchSize = "100")
	void book(List<OrderPlaced> orders) {
		ledger.addAll(orders); // at most one event per key (subject token 2) in a batch,
								// keys in stream order
	}
	// end::batch-ordered[]

	// tag::batch-handlers[]
	@WindshiftListener(stream = "orders", consumer = "order-warehouse", maxBatchSize = "200", maxBatchWait = "100ms")
	static class Warehouse {

		private final List<String> rows = new ArrayList<>();

		@WindshiftHandler
		void placed(List<OrderPlaced> placed) { // the OrderPlaced events of a batch, in
												// stream order
			placed.forEach((order) -> rows.add("placed " + order.getOrderId()));
		}

		@WindshiftHandler
		void shipped(List<OrderShipped> shipped) { // the OrderShipped events of the same
													// batch: a call of its own
			shipped.forEach((order) -> rows.add("shipped " + order.getOrderId()));
		}

	}
	// end::batch-handlers[]

}
