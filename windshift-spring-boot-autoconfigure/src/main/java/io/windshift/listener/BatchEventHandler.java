package io.windshift.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import com.google.protobuf.Message;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.windshift.events.CallOptions;
import io.windshift.events.WindshiftException;
import io.windshift.listener.ListenerEventHandler.Delivery;
import io.windshift.listener.PrefetchBuffer.Held;
import io.windshift.events.internal.Settlement;

/**
 * Handles a batch of delivered messages for a batch listener: decodes each (poison events
 * and events no method takes are given up and never enter the batch), invokes the method
 * once with the rest while all of them are auto-pinged, and settles them. A class-level
 * listener's batch is split by type, in stream order, into one call per
 * {@link WindshiftHandler} method (in the order of each type's first event), each call
 * settling its own events as below. In {@link AckMode#AUTO}: returning acknowledges every
 * event (all at once, see {@link DeliveredEvent#settleAll}); a
 * {@link BatchListenerFailedException} acknowledges the events before its index, rejects
 * the one at it per the reject policy and redelivers the rest; any other exception
 * rejects each event per the reject policy. In {@link AckMode#MANUAL} the method settles
 * each event; unsettled ones are redelivered after the processing timeout, except on
 * their last delivery attempt, where they are given up (dead-lettered) as single MANUAL
 * listeners' are. When the events handler retries in the container (ordered listeners),
 * what would be redelivered by the server is retried in the container instead, so that
 * each event keeps its place in its key's order. Single events go through
 * {@link ListenerEventHandler}, whose decoding, rejecting and giving up this reuses.
 */
final class BatchEventHandler {

	private static final Log logger = LogFactory.getLog(BatchEventHandler.class);

	private final String listenerId;

	private final ListenerEventHandler events;

	private final AckMode ackMode;

	private final ListenerObserver observer;

	private final CallOptions callOptions;

	private final boolean confirmAcks;

	private final @Nullable EventForwarder forwarder;

	BatchEventHandler(String listenerId, ListenerEventHandler events, AckMode ackMode, ListenerObserver observer,
			CallOptions callOptions, boolean confirmAcks, @Nullable EventForwarder forwarder) {
		this.listenerId = listenerId;
		this.events = events;
		this.ackMode = ackMode;
		this.observer = observer;
		this.callOptions = callOptions;
		this.confirmAcks = confirmAcks;
		this.forwarder = forwarder;
	}

	/**
	 * Handles held events as one batch, in their order.
	 * @param retriesHere how often each event was tried in the container already
	 * @return per held event (same index): {@code null} once it is settled or left
	 * unsettled, or the delay after which the container is to try it again (retries in
	 * the container only; it is still pinged and unsettled)
	 */
	@Nullable Duration[] handle(List<Held> held, ToLongFunction<Held> retriesHere) {
		List<Delivery> all = new ArrayList<>(held.size());
		// the common case, every event for one method, needs no map: the first method's
		// call is kept apart, others (a class-level listener's) are added in order
		@Nullable Call firstCall = null;
		@Nullable Map<ListenerMethod, Call> others = null;
		try {
			for (Held next : held) {
				Delivery delivery = this.events.new Delivery(next.event(), next.pinging());
				all.add(delivery);
				ListenerMethod method = this.events.methodFor(delivery);
				DeliveredEvent<Message> event = (method != null)
						? this.events.decode(delivery, method, retriesHere.applyAsLong(next)) : null;
				if (method != null && event != null) {
					Call call;
					if (firstCall == null) {
						firstCall = new Call(method, held.size());
						call = firstCall;
					}
					else if (firstCall.method == method) {
						call = firstCall;
					}
					else {
						others = (others != null) ? others : new LinkedHashMap<>();
						call = others.computeIfAbsent(method, (key) -> new Call(key, held.size()));
					}
					call.deliveries.add(delivery);
					call.batch.add(event);
				}
			}
			if (firstCall != null) {
				invoke(firstCall.method, firstCall.deliveries, firstCall.batch);
			}
			if (others != null) {
				others.forEach((method, call) -> invoke(method, call.deliveries, call.batch));
			}
		}
		finally {
			for (Delivery delivery : all) {
				this.events.close(delivery);
			}
		}
		@Nullable Duration[] retries = new Duration[all.size()];
		for (int i = 0; i < retries.length; i++) {
			retries[i] = all.get(i).retryAfter;
		}
		return retries;
	}

	private void invoke(ListenerMethod method, List<Delivery> deliveries, List<DeliveredEvent<Message>> batch) {
		try {
			this.observer.invokeBatch(this.listenerId, batch, () -> {
				Object returned = method.invokeBatch(batch);
				if (this.forwarder != null && method.forwards()) {
					this.forwarder.forwardAll(returned, batch);
				}
			});
		}
		catch (Throwable ex) {
			BatchListenerFailedException failed = failedIndex(ex);
			if (failed != null && failed.getIndex() >= 0 && failed.getIndex() < batch.size()) {
				failedAt(deliveries, batch, failed);
			}
			else {
				if (failed != null) {
					logger.warn("Listener '" + this.listenerId + "' failed at index " + failed.getIndex()
							+ ", outside its batch of " + batch.size() + " events; rejecting them all");
				}
				reject(deliveries, batch, 0, ex);
			}
			return;
		}
		if (this.ackMode != AckMode.MANUAL) {
			settle(batch, 0, batch.size(), Settlement.ACKED);
			return;
		}
		for (int i = 0; i < batch.size(); i++) {
			if (!batch.get(i).isSettled()) {
				this.events.unsettled(deliveries.get(i), batch.get(i));
			}
		}
	}

	private static @Nullable BatchListenerFailedException failedIndex(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof BatchListenerFailedException failed) {
				return failed;
			}
		}
		return null;
	}

	private void failedAt(List<Delivery> deliveries, List<DeliveredEvent<Message>> batch,
			BatchListenerFailedException failed) {
		int index = failed.getIndex();
		settle(batch, 0, index, Settlement.ACKED);
		Throwable cause = (failed.getCause() != null) ? failed.getCause() : failed;
		DeliveredEvent<Message> event = batch.get(index);
		if (!event.isSettled()) {
			deliveries.get(index).failure = cause;
			this.events.reject(deliveries.get(index), event, cause);
		}
		List<DeliveredEvent<Message>> rest = new ArrayList<>(batch.size() - index);
		for (int i = index + 1; i < batch.size(); i++) {
			DeliveredEvent<Message> later = batch.get(i);
			if (!later.isSettled() && this.events.lastAttempt(later)) {
				// the server would not deliver it again: give it up (dead letter) rather
				// than lose it
				Throwable reason = new IllegalStateException("not handled: an earlier event of its batch failed ("
						+ cause + ") on its last delivery attempt");
				deliveries.get(i).failure = reason;
				this.events.reject(deliveries.get(i), later, reason);
			}
			else if (this.events.retriesInContainer()) {
				// ordered: tried again here at once, so that no later event of its key
				// overtakes it
				deliveries.get(i).retryAfter = Duration.ZERO;
			}
			else {
				rest.add(later);
			}
		}
		settle(rest, 0, rest.size(), Settlement.redeliver(Duration.ZERO));
	}

	/** Rejects every unsettled event from {@code from} on per the reject policy. */
	private void reject(List<Delivery> deliveries, List<DeliveredEvent<Message>> batch, int from, Throwable failure) {
		for (int i = from; i < batch.size(); i++) {
			DeliveredEvent<Message> event = batch.get(i);
			if (!event.isSettled()) {
				deliveries.get(i).failure = failure;
				this.events.reject(deliveries.get(i), event, failure);
			}
		}
	}

	private void settle(List<DeliveredEvent<Message>> batch, int from, int to, Settlement settlement) {
		if (from >= to) {
			return;
		}
		List<WindshiftException> failures = DeliveredEvent.settleAll(batch.subList(from, to), settlement,
				this.callOptions, this.confirmAcks);
		for (WindshiftException failure : failures) {
			logger.error("Listener '" + this.listenerId + "': " + failure.getMessage()
					+ "; the server redelivers it after the processing timeout");
		}
	}

	/**
	 * The events of a batch that go to one method (a class-level listener's batch is
	 * split by type).
	 */
	private static final class Call {

		final ListenerMethod method;

		final List<Delivery> deliveries;

		final List<DeliveredEvent<Message>> batch;

		Call(ListenerMethod method, int capacity) {
			this.method = method;
			this.deliveries = new ArrayList<>(capacity);
			this.batch = new ArrayList<>(capacity);
		}

	}

}
