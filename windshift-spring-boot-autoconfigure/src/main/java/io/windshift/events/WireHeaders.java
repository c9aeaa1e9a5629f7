package io.windshift.events;

/**
 * Header names of the wire format shared with windshift-go. Spelled exactly as the Go
 * side expects them: NATS headers are case-sensitive there.
 */
public final class WireHeaders {

	/**
	 * The full protobuf message name of the payload, e.g. {@code orders.v1.OrderCreated}.
	 */
	public static final String DATA_TYPE = "WS-Data-Type";

	/** When the event happened, RFC 3339 with up to nanoseconds. */
	public static final String PUBLISHED_TIME = "WS-Published-Time";

	/** The idempotency key; only present when the publisher gave one. */
	public static final String MSG_ID = "Nats-Msg-Id";

	/** W3C trace context {@code traceparent}, under windshift-go's name. */
	public static final String TRACE_PARENT = "WS-Trace-Parent";

	/** W3C trace context {@code tracestate}, under windshift-go's name. */
	public static final String TRACE_STATE = "WS-Trace-State";

	/**
	 * The idempotency key of a delayed event once delivered: the server drops
	 * {@code Nats-Msg-Id} when a schedule fires, so Windshift carries the key in this
	 * header too (windshift-go does not read it).
	 */
	public static final String SCHEDULED_MSG_ID = "WS-Msg-Id";

	private WireHeaders() {
	}

}
