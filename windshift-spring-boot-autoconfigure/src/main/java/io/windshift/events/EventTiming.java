package io.windshift.events;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import io.nats.client.impl.Headers;
import io.nats.client.support.NatsJetStreamConstants;

/**
 * The server headers of a delayed event or an event with a time to live (nats-server 2.11
 * per-message TTL, 2.12 message schedules, ADR-51): a delayed event is sent to a schedule
 * subject with {@code Nats-Schedule: @at <time>} and
 * {@code Nats-Schedule-Target: <subject>}; its TTL then goes in {@code Nats-Schedule-TTL}
 * so that it applies to the delivered event, not to the schedule.
 */
final class EventTiming {

	private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
		.withZone(ZoneOffset.UTC);

	private EventTiming() {
	}

	static void addHeaders(OutgoingEvent event, Headers headers) {
		Instant due = event.deliverAt();
		Duration ttl = event.ttl();
		if (due != null && !event.sendSubject().equals(event.subject())) {
			headers.put(NatsJetStreamConstants.NATS_SCHEDULE_HDR, "@at " + at(due));
			headers.put(NatsJetStreamConstants.NATS_SCHEDULE_TARGET_HDR, event.subject());
			if (ttl != null) {
				headers.put(NatsJetStreamConstants.NATS_SCHEDULE_TTL_HDR, ttl(ttl));
			}
			if (event.idempotencyKey() != null) {
				headers.put(WireHeaders.SCHEDULED_MSG_ID, event.idempotencyKey());
			}
		}
		else if (ttl != null) {
			headers.put(NatsJetStreamConstants.MSG_TTL_HDR, ttl(ttl));
		}
	}

	/**
	 * The schedule time: whole seconds in UTC, rounded up so that the event is never
	 * delivered early.
	 */
	static String at(Instant due) {
		Instant seconds = due.truncatedTo(ChronoUnit.SECONDS);
		return AT.format(seconds.equals(due) ? seconds : seconds.plusSeconds(1));
	}

	/** A TTL in whole seconds, rounded up, as the server parses it. */
	static String ttl(Duration ttl) {
		long seconds = ttl.getSeconds() + ((ttl.getNano() > 0) ? 1 : 0);
		return seconds + "s";
	}

}
