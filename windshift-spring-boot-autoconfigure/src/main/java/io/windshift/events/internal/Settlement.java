package io.windshift.events.internal;

import java.time.Duration;

/**
 * How a received event was settled.
 *
 * @param kind acknowledged, to be redelivered, or terminated
 * @param redeliveryDelay the delay before redelivery ({@link Duration#ZERO} unless
 * {@link Kind#REDELIVER})
 */
public record Settlement(Kind kind, Duration redeliveryDelay) {

	/** Acknowledged: handled, not delivered again. */
	public static final Settlement ACKED = new Settlement(Kind.ACK, Duration.ZERO);

	/** Terminated: never delivered again. */
	public static final Settlement TERMINATED = new Settlement(Kind.TERMINATE, Duration.ZERO);

	/** Rejected for redelivery after the delay. */
	public static Settlement redeliver(Duration delay) {
		return new Settlement(Kind.REDELIVER, delay);
	}

	/** The kinds of settlement. */
	public enum Kind {

		/** Acknowledged. */
		ACK,

		/** Rejected, to be delivered again. */
		REDELIVER,

		/** Rejected permanently. */
		TERMINATE

	}

}
