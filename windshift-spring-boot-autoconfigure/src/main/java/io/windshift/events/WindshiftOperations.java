package io.windshift.events;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.google.protobuf.Message;

/**
 * Publishing operations, implemented by {@link WindshiftTemplate}: inject this interface
 * to publish, and stub it in unit tests of your own code.
 *
 * @see WindshiftTemplate for the guarantees and the exceptions
 */
public interface WindshiftOperations {

	/** Publishes data to a subject and waits for the server's acknowledgement. */
	default PublishedEvent publish(String subject, Message data) {
		return publish(OutgoingEvent.of(subject, data), new CallOption[0]);
	}

	/**
	 * Publishes data to a subject with these call options and waits for the
	 * acknowledgement.
	 */
	default PublishedEvent publish(String subject, Message data, CallOption... options) {
		return publish(OutgoingEvent.of(subject, data), options);
	}

	/** Publishes an event and waits for the server's acknowledgement. */
	default PublishedEvent publish(OutgoingEvent event) {
		return publish(event, new CallOption[0]);
	}

	/**
	 * Publishes an event with these call options (retry, timeout) and waits for the
	 * acknowledgement.
	 * @throws UnboundSubjectException if no stream takes the subject
	 * @throws WrongSequenceException if an expected last id did not match
	 * @throws PublishTimeoutException if the connection or the acknowledgement did not
	 * come in time
	 * @throws WindshiftException for any other failure
	 */
	PublishedEvent publish(OutgoingEvent event, CallOption... options);

	/**
	 * Publishes data to a subject without waiting; the future completes with the
	 * acknowledgement.
	 */
	default CompletableFuture<PublishedEvent> publishAsync(String subject, Message data) {
		return publishAsync(OutgoingEvent.of(subject, data), new CallOption[0]);
	}

	/**
	 * Publishes data to a subject with these call options without waiting for the
	 * acknowledgement.
	 */
	default CompletableFuture<PublishedEvent> publishAsync(String subject, Message data, CallOption... options) {
		return publishAsync(OutgoingEvent.of(subject, data), options);
	}

	/**
	 * Publishes an event without waiting; the future completes with the acknowledgement.
	 */
	default CompletableFuture<PublishedEvent> publishAsync(OutgoingEvent event) {
		return publishAsync(event, new CallOption[0]);
	}

	/**
	 * Publishes an event without waiting for the acknowledgement; the future fails with
	 * the exceptions {@link #publish(OutgoingEvent, CallOption...)} throws.
	 */
	CompletableFuture<PublishedEvent> publishAsync(OutgoingEvent event, CallOption... options);

	/**
	 * Publishes events as one atomic batch: all stored, in list order with consecutive
	 * ids, or none.
	 * @throws AtomicBatchException naming the event(s) that broke the batch; nothing was
	 * stored
	 * @throws UnsupportedFeatureException if the stream or the server does not allow
	 * atomic batches
	 */
	List<PublishedEvent> publishAtomically(List<OutgoingEvent> events, CallOption... options);

	/**
	 * Publishes events as one atomic batch without waiting (see
	 * {@link #publishAtomically}).
	 */
	CompletableFuture<List<PublishedEvent>> publishAtomicallyAsync(List<OutgoingEvent> events, CallOption... options);

	/**
	 * Publishes the event once the current Spring-managed transaction commits, never if
	 * it rolls back; outside a transaction, at once.
	 */
	void publishAfterCommit(OutgoingEvent event);

}
