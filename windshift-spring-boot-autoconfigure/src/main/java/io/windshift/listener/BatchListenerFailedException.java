package io.windshift.listener;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a batch listener (in {@link AckMode#AUTO}) to fail one event of its batch:
 * the events before {@code index} are acknowledged, the one at {@code index} goes to the
 * reject policy (and is dead-lettered once exhausted), the ones after it are redelivered
 * at once, untouched. Any other exception fails the whole batch.
 *
 * <pre class="code">
 * &#64;WindshiftListener(stream = "metrics", consumer = "rollup", maxBatchSize = "500")
 * void on(List&lt;Sample&gt; batch) {
 *     for (int i = 0; i &lt; batch.size(); i++) {
 *         try { store(batch.get(i)); }
 *         catch (StoreException ex) { throw new BatchListenerFailedException("cannot store", ex, i); }
 *     }
 * }
 * </pre>
 */
public class BatchListenerFailedException extends RuntimeException {

	private final int index;

	/**
	 * @param message what went wrong
	 * @param index the position in the batch (0-based) of the event that failed
	 */
	public BatchListenerFailedException(String message, int index) {
		this(message, null, index);
	}

	/**
	 * @param message what went wrong
	 * @param cause the failure of that event (the reject policy decides on it)
	 * @param index the position in the batch (0-based) of the event that failed
	 */
	public BatchListenerFailedException(String message, @Nullable Throwable cause, int index) {
		super(message + " (batch index " + index + ")", cause);
		this.index = index;
	}

	/** The position in the batch (0-based) of the event that failed. */
	public int getIndex() {
		return this.index;
	}

}
