package io.windshift.observation;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.nats.client.Message;
import org.jspecify.annotations.Nullable;

/**
 * What an observation of one listener invocation knows: the listener, the stream,
 * consumer, subject, id and delivery attempt, and how the event was settled. Trace
 * context is read from the event's headers, so the listener's span is a child of the
 * publisher's.
 */
public class ListenerObservationContext extends ReceiverContext<Message> {

	private final String listenerId;

	private final String stream;

	private final String consumer;

	private final String subject;

	private final long id;

	private final long deliveryAttempt;

	private String outcome = "unknown";

	/** What the default convention made for this listener, once looked up. */
	@Nullable ListenerKeyValues listenerKeyValues;

	/** The default convention's high-cardinality key values, made once per event. */
	@Nullable KeyValues highCardinalityKeyValues;

	public ListenerObservationContext(Message message, String listenerId, String stream, String consumer,
			String subject, long id, long deliveryAttempt) {
		super(TraceHeaders.MESSAGE_GETTER, Kind.CONSUMER);
		setCarrier(message);
		this.listenerId = listenerId;
		this.stream = stream;
		this.consumer = consumer;
		this.subject = subject;
		this.id = id;
		this.deliveryAttempt = deliveryAttempt;
		setRemoteServiceName("nats");
	}

	public String getListenerId() {
		return this.listenerId;
	}

	public String getStream() {
		return this.stream;
	}

	public String getConsumer() {
		return this.consumer;
	}

	public String getSubject() {
		return this.subject;
	}

	public long getId() {
		return this.id;
	}

	public long getDeliveryAttempt() {
		return this.deliveryAttempt;
	}

	/**
	 * How the event was settled: ack, reject (redelivered), dead-letter, terminate, or
	 * unsettled (left to the processing timeout). Whether the method threw is the
	 * observation's error.
	 */
	public String getOutcome() {
		return this.outcome;
	}

	public void setOutcome(@Nullable String outcome) {
		this.outcome = (outcome != null) ? outcome : "unknown";
	}

}
