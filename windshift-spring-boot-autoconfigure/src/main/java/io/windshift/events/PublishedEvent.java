package io.windshift.events;

/**
 * The server's acknowledgement of a published event.
 *
 * @param stream the stream that stored the event
 * @param id the event's id: its sequence number in that stream
 * @param duplicate whether the server had already stored an event with the same
 * idempotency key inside the stream's deduplication window; the id is then that first
 * event's id and nothing new was stored
 */
public record PublishedEvent(String stream, long id, boolean duplicate) {

}
