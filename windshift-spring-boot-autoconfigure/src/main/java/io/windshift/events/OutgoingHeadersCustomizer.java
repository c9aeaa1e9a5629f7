package io.windshift.events;

import io.nats.client.impl.Headers;

/**
 * Adds headers to every outgoing event, after the wire headers are set (for example trace
 * context). Runs on the publishing thread for each publish: keep it fast.
 */
@FunctionalInterface
public interface OutgoingHeadersCustomizer {

	/**
	 * Adds to the headers of this event.
	 * @param event the event being published
	 * @param headers its headers so far: user headers, then the wire headers
	 */
	void customize(OutgoingEvent event, Headers headers);

}
