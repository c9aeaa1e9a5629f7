package io.windshift.observation;

import java.util.List;

import io.micrometer.observation.transport.Propagator;
import io.nats.client.Message;
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

	/** Reads propagation fields from a delivered message's headers. */
	static final Propagator.Getter<Message> MESSAGE_GETTER = (carrier, key) -> get(carrier.getHeaders(), key);

	private final boolean writeStandardHeaders;

	/** Writes propagation fields into one event's headers (made once, not per event). */
	private final Propagator.Setter<Headers> setter;

	/** Writes propagation fields into the headers of every event of a batch. */
	private final Propagator.Setter<List<Headers>> batchSetter;

	/**
	 * @param writeStandardHeaders whether to also write {@code traceparent} /
	 * {@code tracestate}
	 */
	public TraceHeaders(boolean writeStandardHeaders) {
		this.writeStandardHeaders = writeStandardHeaders;
		this.setter = (carrier, key, value) -> {
			if (carrier != null) {
				set(carrier, key, value);
			}
		};
		this.batchSetter = (carrier, key, value) -> {
			if (carrier != null) {
				for (Headers each : carrier) {
					set(each, key, value);
				}
			}
		};
	}

	/** The propagator's setter for one event's headers. */
	Propagator.Setter<Headers> setter() {
		return this.setter;
	}

	/** The propagator's setter for the headers of every event of a batch. */
	Propagator.Setter<List<Headers>> batchSetter() {
		return this.batchSetter;
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
