package io.windshift.events;

import java.time.Duration;

/**
 * Decides, per rejected event, when it is delivered again: a positive delay redelivers
 * after that delay, zero redelivers at once, a negative duration rejects it permanently.
 */
@FunctionalInterface
public interface RedeliveryDecider {

	Duration decide(Event<?> event);

}
