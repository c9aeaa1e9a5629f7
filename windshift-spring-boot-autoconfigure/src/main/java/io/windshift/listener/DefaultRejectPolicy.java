package io.windshift.listener;

import java.time.Duration;
import java.util.List;

import io.windshift.events.Event;
import io.windshift.events.PoisonEventException;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Redelivers with a delay taken from a back-off by delivery attempt (attempt 1 gets the
 * first delay), and gives up on permanent failures: exceptions of the configured types
 * (anywhere in the cause chain) and poison events. A back-off that stops also gives up.
 */
public class DefaultRejectPolicy implements RejectPolicy {

	private final BackOff redeliveryBackOff;

	private final List<Class<? extends Throwable>> permanentExceptions;

	public DefaultRejectPolicy(BackOff redeliveryBackOff, List<Class<? extends Throwable>> permanentExceptions) {
		this.redeliveryBackOff = redeliveryBackOff;
		this.permanentExceptions = List.copyOf(permanentExceptions);
	}

	@Override
	public Duration decide(Event<?> event, Throwable failure) {
		if (isPermanent(failure)) {
			return GIVE_UP;
		}
		BackOffExecution execution = this.redeliveryBackOff.start();
		long delay = BackOffExecution.STOP;
		for (long attempt = 1; attempt <= Math.max(1, event.deliveryAttempt()); attempt++) {
			delay = execution.nextBackOff();
			if (delay == BackOffExecution.STOP) {
				return GIVE_UP;
			}
		}
		return Duration.ofMillis(delay);
	}

	private boolean isPermanent(Throwable failure) {
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (current instanceof PoisonEventException) {
				return true;
			}
			for (Class<? extends Throwable> type : this.permanentExceptions) {
				if (type.isInstance(current)) {
					return true;
				}
			}
			if (current.getCause() == current) {
				break;
			}
		}
		return false;
	}

}
