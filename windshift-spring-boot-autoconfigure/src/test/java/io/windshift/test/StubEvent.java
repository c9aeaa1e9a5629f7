package io.windshift.test;

import java.time.Instant;
import java.util.Optional;

import io.nats.client.impl.Headers;
import io.windshift.events.CallOption;
import io.windshift.events.Event;
import io.windshift.events.RejectOption;

/**
 * An {@link Event} with fixed values and no server behind it, for unit tests of logic
 * that only reads an event (reject policies, deciders). Settling does nothing.
 */
public final class StubEvent implements Event<String> {

	private final long deliveryAttempt;

	private StubEvent(long deliveryAttempt) {
		this.deliveryAttempt = deliveryAttempt;
	}

	/**
	 * An event on stream {@code s}, consumer {@code c}, at the given delivery attempt.
	 */
	public static Event<String> atAttempt(long deliveryAttempt) {
		return new StubEvent(deliveryAttempt);
	}

	@Override
	public String data() {
		return "x";
	}

	@Override
	public long id() {
		return 1;
	}

	@Override
	public String subject() {
		return "s";
	}

	@Override
	public String stream() {
		return "s";
	}

	@Override
	public String consumer() {
		return "c";
	}

	@Override
	public long deliveryAttempt() {
		return this.deliveryAttempt;
	}

	@Override
	public Instant occurredAt() {
		return Instant.EPOCH;
	}

	@Override
	public Optional<String> idempotencyKey() {
		return Optional.empty();
	}

	@Override
	public Headers headers() {
		return new Headers();
	}

	@Override
	public void ack(CallOption... options) {
	}

	@Override
	public void reject(RejectOption... options) {
	}

	@Override
	public void ping(CallOption... options) {
	}

	@Override
	public boolean isSettled() {
		return false;
	}

}
