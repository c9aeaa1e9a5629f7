package io.windshift.listener;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.windshift.events.Event;
import io.windshift.events.JetStreamEvent;
import io.windshift.events.PoisonEventException;
import org.jspecify.annotations.Nullable;

/**
 * What each listener has done, heard from every delivery's outcome: events settled per
 * outcome, redeliveries, poison events, when it last made progress, and how many events
 * its consumer had pending at the last delivery (from the message's metadata, no request
 * to the server). Read by the {@code windshift} health contributor, the listener metrics
 * and the Actuator endpoint.
 */
public class WindshiftListenerActivity implements ListenerObserver {

	private final Map<String, Stats> listeners = new ConcurrentHashMap<>();

	private final Clock clock;

	public WindshiftListenerActivity() {
		this(Clock.systemUTC());
	}

	WindshiftListenerActivity(Clock clock) {
		this.clock = clock;
	}

	@Override
	public void outcome(String listenerId, Event<?> event, Outcome outcome, @Nullable Throwable failure) {
		Stats stats = stats(listenerId);
		stats.settled[outcome.ordinal()].increment();
		// called for every event, from every worker: a clock reading, no Instant until
		// someone asks, and the
		// shared fields written at most once a millisecond (each write takes the cache
		// line from the others)
		long now = this.clock.millis();
		if (outcome != Outcome.UNSETTLED && stats.lastProgressMillis != now) {
			stats.lastProgressMillis = now;
		}
		if (failure instanceof PoisonEventException) {
			stats.poison.increment();
		}
		if (event.deliveryAttempt() > 1) {
			stats.redeliveries.increment();
		}
		if (event instanceof JetStreamEvent<?> delivered) {
			long pending = delivered.pendingCount();
			// a drained consumer is always recorded: health must not see a stale backlog
			if (stats.pendingAtMillis != now || (pending == 0 && stats.pending != 0)) {
				stats.pending = pending;
				stats.pendingAtMillis = now;
			}
		}
	}

	/** The activity of a listener (all zero before its first event). */
	public Stats stats(String listenerId) {
		Stats stats = this.listeners.get(listenerId);
		return (stats != null) ? stats : this.listeners.computeIfAbsent(listenerId, (id) -> new Stats());
	}

	/**
	 * The activity of one listener.
	 */
	public static final class Stats {

		private static final long NEVER = Long.MIN_VALUE;

		private final LongAdder[] settled = new LongAdder[Outcome.values().length];

		private final LongAdder redeliveries = new LongAdder();

		private final LongAdder poison = new LongAdder();

		/** When an event was last settled (epoch millis), {@link #NEVER} if never. */
		private volatile long lastProgressMillis = NEVER;

		private volatile long pending = -1;

		private volatile long pendingAtMillis;

		Stats() {
			for (int i = 0; i < this.settled.length; i++) {
				this.settled[i] = new LongAdder();
			}
		}

		/** Events with this outcome so far. */
		public long count(Outcome outcome) {
			return this.settled[outcome.ordinal()].sum();
		}

		/** Events handled so far (all outcomes). */
		public long handled() {
			long handled = 0;
			for (LongAdder count : this.settled) {
				handled += count.sum();
			}
			return handled;
		}

		/** Events delivered more than once so far. */
		public long redeliveries() {
			return this.redeliveries.sum();
		}

		/** Events that could not be decoded so far. */
		public long poison() {
			return this.poison.sum();
		}

		/** When an event was last settled, or {@code null} if never. */
		public @Nullable Instant lastProgress() {
			long millis = this.lastProgressMillis;
			return (millis != NEVER) ? Instant.ofEpochMilli(millis) : null;
		}

		/**
		 * Events the consumer had not delivered yet at the last delivery, or -1 before
		 * the first one.
		 */
		public long pending() {
			return this.pending;
		}

		/** When {@link #pending()} was taken. */
		public Instant pendingAt() {
			return Instant.ofEpochMilli(this.pendingAtMillis);
		}

	}

}
