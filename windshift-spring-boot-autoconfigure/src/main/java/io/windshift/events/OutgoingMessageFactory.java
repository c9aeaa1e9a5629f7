package io.windshift.events;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Message;
import io.nats.client.impl.Headers;
import io.nats.client.support.NatsJetStreamConstants;

import io.windshift.events.internal.PublishedTime;

/**
 * Builds the headers and payload an {@link OutgoingEvent} goes out with, in the wire
 * format shared with windshift-go: the raw protobuf bytes, {@code WS-Data-Type},
 * {@code WS-Published-Time}, {@code Nats-Msg-Id} when an idempotency key is given, the
 * optimistic concurrency headers, and the user headers as given. This is the one place
 * headers are built; {@link OutgoingHeadersCustomizer customizers} run last.
 */
final class OutgoingMessageFactory {

	private final List<OutgoingHeadersCustomizer> customizers;

	private final Clock clock;

	public OutgoingMessageFactory(List<OutgoingHeadersCustomizer> customizers) {
		this(customizers, Clock.systemUTC());
	}

	OutgoingMessageFactory(List<OutgoingHeadersCustomizer> customizers, Clock clock) {
		this.customizers = List.copyOf(customizers);
		this.clock = clock;
	}

	/** The payload: the message's protobuf encoding. */
	public byte[] payload(OutgoingEvent event) {
		return event.data().toByteArray();
	}

	/** The headers for this event, freshly built. */
	public Headers headers(OutgoingEvent event) {
		Headers headers = new Headers();
		Map<String, List<String>> userHeaders = event.headers();
		if (!userHeaders.isEmpty()) {
			userHeaders.forEach(headers::add);
		}
		headers.put(WireHeaders.DATA_TYPE, dataType(event.data()));
		headers.put(WireHeaders.PUBLISHED_TIME,
				PublishedTime.format((event.occurredAt() != null) ? event.occurredAt() : this.clock.instant()));
		if (event.idempotencyKey() != null) {
			headers.put(WireHeaders.MSG_ID, event.idempotencyKey());
		}
		if (event.expectedLastId() >= 0) {
			headers.put(NatsJetStreamConstants.EXPECTED_LAST_SEQ_HDR, Long.toString(event.expectedLastId()));
		}
		if (event.expectedLastSubjectId() >= 0) {
			headers.put(NatsJetStreamConstants.EXPECTED_LAST_SUB_SEQ_HDR, Long.toString(event.expectedLastSubjectId()));
		}
		EventTiming.addHeaders(event, headers);
		for (OutgoingHeadersCustomizer customizer : this.customizers) {
			customizer.customize(event, headers);
		}
		return headers;
	}

	/**
	 * The {@code WS-Data-Type} of a message: its full protobuf name, e.g.
	 * {@code orders.v1.OrderCreated}. Generated messages hand out a descriptor built once
	 * per class, whose full name is a stored field: no reflection or string building
	 * happens per publish.
	 */
	public static String dataType(Message message) {
		return message.getDescriptorForType().getFullName();
	}

}
