package io.windshift.observation;

import io.nats.client.impl.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Maps W3C trace context names to event headers. windshift-go carries {@code traceparent}
 * and {@code tracestate} as {@code WS-Trace-Parent} and {@code WS-Trace-State}; the
 * standard names can be written as well so that other NATS tools see them. Reading
 * prefers windshift-go's names.
 */
public final class TraceHeaders {

	/** windshift-go's name for {@code traceparent}. */
	public static final String WS_TRACE_PARENT = "WS-Trace-Parent";

	/** windshift-go's name for {@code tracestate}. */
	public static final String WS_TRACE_STATE = "WS-Trace-State";

	private final boolean writeStandardHeaders;

	/**
	 * @param writeStandardHeaders whether to also write {@code traceparent} /
	 * {@code tracestate}
	 */
	public TraceHeaders(boolean writeStandardHeaders) {
		this.writeStandardHeaders = writeStandardHeaders;
	}

	/**
	 * Writes one propagation field. Fields other than the two W3C ones (baggage, b3) keep
	 * their name.
	 */
	public void set(Headers headers, String key, String value) {
		String windshiftName = windshiftName(key);
		if (windshiftName == null) {
			headers.put(key, value);
			return;
		}
		headers.put(windshiftName, value);
		if (this.writeStandardHeaders) {
			headers.put(key, value);
		}
	}

	/** Reads one propagation field, preferring windshift-go's header name. */
	public static @Nullable String get(@Nullable Headers headers, String key) {
		if (headers == null) {
			return null;
		}
		String windshiftName = windshiftName(key);
		if (windshiftName != null) {
			String value = headers.getFirst(windshiftName);
			if (value != null) {
				return value;
			}
		}
		return headers.getFirst(key);
	}

	private static @Nullable String windshiftName(String key) {
		if ("traceparent".equalsIgnoreCase(key)) {
			return WS_TRACE_PARENT;
		}
		if ("tracestate".equalsIgnoreCase(key)) {
			return WS_TRACE_STATE;
		}
		return null;
	}

}
