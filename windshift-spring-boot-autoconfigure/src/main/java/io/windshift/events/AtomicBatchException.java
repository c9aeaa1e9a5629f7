package io.windshift.events;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An atomic batch was refused: nothing of it was stored. {@link #failedIndexes()} names
 * the event(s) that broke it (positions in the list given); the cause, when there is one,
 * is the typed error for that event (a {@link WrongSequenceException}, say).
 */
public class AtomicBatchException extends WindshiftException {

	private static final long serialVersionUID = 1L;

	private final List<Integer> failedIndexes;

	public AtomicBatchException(String message, List<Integer> failedIndexes, @Nullable Throwable cause,
			boolean retryable) {
		super(message, cause, retryable);
		this.failedIndexes = List.copyOf(failedIndexes);
	}

	/**
	 * The positions of the events that broke the batch: one when the server or the check
	 * said which, several when only one of them can be at fault, empty when the batch as
	 * a whole failed (a timeout, say).
	 */
	public List<Integer> failedIndexes() {
		return this.failedIndexes;
	}

}
