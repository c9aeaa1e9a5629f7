package io.windshift.events;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.ClassUtils;

/**
 * Sends the events a transaction held for {@link WindshiftTemplate#publishAfterCommit}
 * once it has committed: as one atomic batch when there are several and their stream
 * allows it, otherwise one by one in order. A failure is logged with the events' identity
 * and handed to the {@link AfterCommitFailureHandler}s. Knows nothing of spring-tx itself
 * (see {@link TransactionalEvents}), which stays optional.
 */
final class AfterCommitPublisher {

	private static final Log logger = LogFactory.getLog(AfterCommitPublisher.class);

	private static final boolean TRANSACTIONS_PRESENT = ClassUtils.isPresent(
			"org.springframework.transaction.support.TransactionSynchronizationManager",
			AfterCommitPublisher.class.getClassLoader());

	private final WindshiftTemplate template;

	private final AtomicPublisher atomic;

	private final List<AfterCommitFailureHandler> handlers;

	AfterCommitPublisher(WindshiftTemplate template, AtomicPublisher atomic, List<AfterCommitFailureHandler> handlers) {
		this.template = template;
		this.atomic = atomic;
		this.handlers = List.copyOf(handlers);
	}

	/**
	 * Holds the event until the current transaction commits; publishes it at once outside
	 * a transaction.
	 */
	void publish(OutgoingEvent event) {
		if (TRANSACTIONS_PRESENT && TransactionalEvents.hold(this, event)) {
			return;
		}
		this.template.publish(event);
	}

	/** Sends what a transaction held, after its commit. Never throws. */
	void send(List<OutgoingEvent> events) {
		if (events.size() > 1 && this.atomic.fits(events)) {
			try {
				this.template.publishAtomically(events);
			}
			catch (RuntimeException ex) {
				failed(events, ex);
			}
			return;
		}
		for (OutgoingEvent event : events) {
			try {
				this.template.publish(event);
			}
			catch (RuntimeException ex) {
				failed(List.of(event), ex);
			}
		}
	}

	private void failed(List<OutgoingEvent> events, RuntimeException ex) {
		WindshiftException failure = (ex instanceof WindshiftException windshift) ? windshift
				: new WindshiftException("Publishing after commit failed: " + ex, ex);
		logger.error("Not published after the transaction committed: " + events + " (" + failure.getMessage() + ")",
				failure);
		for (AfterCommitFailureHandler handler : this.handlers) {
			try {
				handler.failed(events, failure);
			}
			catch (RuntimeException handlerFailure) {
				logger.error("AfterCommitFailureHandler " + handler + " failed for " + events, handlerFailure);
			}
		}
	}

}
