package io.windshift.events;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Options for {@link Event#reject}. Without any, a rejected event is redelivered at once.
 * When several are given, {@link #permanently()} wins over a decider, which wins over a
 * fixed delay.
 *
 * <pre>{@code
 * event.reject(Reject.withRedeliveryDelay(Duration.ofMinutes(5)));
 * event.reject(Reject.permanently());
 * event.reject(Reject.withRedeliveryDecider(e -> Duration.ofSeconds(e.deliveryAttempt())));
 * }</pre>
 */
public final class Reject {

	private Reject() {
	}

	/** Redeliver after this delay (the server holds the event; no thread waits). */
	public static RejectOption withRedeliveryDelay(Duration delay) {
		Assert.notNull(delay, "delay must not be null");
		Assert.isTrue(!delay.isNegative(), () -> "redelivery delay must not be negative, got " + delay);
		return new Delay(delay);
	}

	/** Never redeliver this event. */
	public static RejectOption permanently() {
		return Permanently.INSTANCE;
	}

	/**
	 * Let the decider choose per event: negative = permanently, zero = now, positive =
	 * after that delay.
	 */
	public static RejectOption withRedeliveryDecider(RedeliveryDecider decider) {
		Assert.notNull(decider, "decider must not be null");
		return new Decider(decider);
	}

	/**
	 * Resolves options into one redelivery delay: negative means permanently, zero means
	 * at once.
	 */
	static Duration resolve(Event<?> event, RejectOption... options) {
		boolean permanent = false;
		@Nullable RedeliveryDecider decider = null;
		Duration delay = Duration.ZERO;
		for (RejectOption option : options) {
			if (option instanceof Permanently) {
				permanent = true;
			}
			else if (option instanceof Decider d) {
				decider = d.decider();
			}
			else if (option instanceof Delay d) {
				delay = d.delay();
			}
		}
		if (permanent) {
			return Duration.ofMillis(-1);
		}
		if (decider != null) {
			Duration decided = decider.decide(event);
			return (decided != null) ? decided : Duration.ZERO;
		}
		return delay;
	}

	/** The call options among the reject options, in order. */
	public static CallOption[] callOptions(RejectOption... options) {
		return java.util.Arrays.stream(options)
			.filter(CallOption.class::isInstance)
			.map(CallOption.class::cast)
			.toArray(CallOption[]::new);
	}

	private record Delay(Duration delay) implements RejectOption {
	}

	private record Decider(RedeliveryDecider decider) implements RejectOption {
	}

	private enum Permanently implements RejectOption {

		INSTANCE

	}

}
