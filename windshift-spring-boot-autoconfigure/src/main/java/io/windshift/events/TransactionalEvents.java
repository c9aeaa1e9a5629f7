package io.windshift.events;

import java.util.ArrayList;
import java.util.List;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The spring-tx side of {@link WindshiftTemplate#publishAfterCommit}: holds events in a
 * synchronization of the current transaction and sends them after its commit; on rollback
 * they are dropped. Loaded only when spring-tx is on the class path. A suspended
 * transaction keeps its own events (they live in its synchronizations).
 */
final class TransactionalEvents implements TransactionSynchronization {

	private final AfterCommitPublisher publisher;

	private final List<OutgoingEvent> events = new ArrayList<>();

	private TransactionalEvents(AfterCommitPublisher publisher) {
		this.publisher = publisher;
	}

	/**
	 * Holds the event for the current transaction; {@code false} when no transaction is
	 * active.
	 */
	static boolean hold(AfterCommitPublisher publisher, OutgoingEvent event) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()
				|| !TransactionSynchronizationManager.isActualTransactionActive()) {
			return false;
		}
		for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
			if (synchronization instanceof TransactionalEvents held && held.publisher == publisher) {
				held.events.add(event);
				return true;
			}
		}
		TransactionalEvents held = new TransactionalEvents(publisher);
		held.events.add(event);
		TransactionSynchronizationManager.registerSynchronization(held);
		return true;
	}

	@Override
	public void afterCommit() {
		this.publisher.send(List.copyOf(this.events));
	}

	@Override
	public int getOrder() {
		return LOWEST_PRECEDENCE;
	}

}
