package io.windshift.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.windshift.events.DeliveryMetadata;
import io.windshift.listener.PrefetchBuffer.Held;

/**
 * Orders a container's events by key between the fetcher and the workers: an event goes
 * to the workers only when no other event of its key is being handled, retried or waiting
 * ahead of it; the others of its key wait here, in arrival (stream) order, pinged like
 * every held event. A failed event that is to be redelivered is retried here after its
 * delay, and its key stays held until it is acknowledged, terminated or dead-lettered;
 * keys not held go on. Events waiting here count towards the container's prefetch limit,
 * so what is held (all keys together, a single key's backlog included) never exceeds it:
 * at the limit the container fetches no more until events settle. Fed by the fetcher
 * thread; called by the workers when an event is done.
 * <p>
 * Waiting events of a key go in stream order (lowest id first), whatever order they
 * arrived in. A key whose first event here is a redelivery by the server (another
 * instance held the key, and its events came back as their processing timeouts ran out,
 * each on its own schedule) waits a settle window (about one ping interval) before its
 * first event goes to the workers, so that the key's earlier events, redelivered a little
 * later, still go first.
 */
final class KeyedScheduler {

	private static final Log logger = LogFactory.getLog(WindshiftListenerContainer.class);

	private final OrderingKeys keys;

	private final Consumer<Held> ready;

	private final ScheduledExecutorService scheduler;

	private final Supplier<Duration> settleWindow;

	/** Arrival order among events of one id (a stale delivery and its redelivery). */
	private long arrivals;

	private final Map<String, Key> byKey = new HashMap<>();

	/**
	 * The event each held key hands to the workers (being handled or waiting for its
	 * retry).
	 */
	private final Map<Held, Key> heads = new IdentityHashMap<>();

	/**
	 * Bumped when the container stops: retries scheduled before then are not for the
	 * current run.
	 */
	private int epoch;

	/**
	 * @param ready where events go once they may be handled (the workers' queue)
	 * @param scheduler runs the retries after their delay
	 */
	KeyedScheduler(OrderingKeys keys, Consumer<Held> ready, ScheduledExecutorService scheduler) {
		this(keys, ready, scheduler, () -> Duration.ZERO);
	}

	/**
	 * @param settleWindow how long a key whose first event is a redelivery waits for its
	 * earlier events
	 */
	KeyedScheduler(OrderingKeys keys, Consumer<Held> ready, ScheduledExecutorService scheduler,
			Supplier<Duration> settleWindow) {
		this.keys = keys;
		this.ready = ready;
		this.scheduler = scheduler;
		this.settleWindow = settleWindow;
	}

	/**
	 * Takes a fetched event: to the workers if its key is free, otherwise behind the
	 * others of its key.
	 */
	void add(Held held) {
		String keyName;
		try {
			keyName = (held.message() != null) ? this.keys.keyOf(held.message()) : "";
		}
		catch (RuntimeException ex) {
			// an OrderingKey that throws: one key for all such events keeps them in order
			logger.warn("Ordering key failed for an event; ordering it under the empty key: " + ex);
			keyName = "";
		}
		Waiting waiting = waiting(held);
		Duration window = Duration.ZERO;
		int scheduledIn;
		boolean settle;
		Key key;
		synchronized (this) {
			key = this.byKey.get(keyName);
			if (key != null) {
				key.waiting.add(waiting);
				return;
			}
			key = new Key(keyName);
			this.byKey.put(keyName, key);
			if (waiting.redelivered) {
				window = this.settleWindow.get();
			}
			if (window.isZero() || window.isNegative()) {
				this.heads.put(held, key);
			}
			else {
				key.waiting.add(waiting);
				key.settling = true;
			}
			settle = key.settling;
			scheduledIn = this.epoch;
		}
		if (!settle) {
			this.ready.accept(held);
			return;
		}
		Key settling = key;
		try {
			this.scheduler.schedule(() -> settled(settling, scheduledIn), window.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			settled(settling, scheduledIn);
		}
	}

	/** The settle window of a key ended: its lowest waiting event goes to the workers. */
	private void settled(Key key, int scheduledIn) {
		Held next;
		synchronized (this) {
			if (this.epoch != scheduledIn || this.byKey.get(key.name) != key || !key.settling) {
				return;
			}
			key.settling = false;
			next = nextHead(key);
		}
		if (next != null) {
			this.ready.accept(next);
		}
	}

	/**
	 * The key's lowest waiting event becomes its head, or, with none waiting, the key is
	 * released; called with the lock held.
	 */
	private @Nullable Held nextHead(Key key) {
		Waiting first = key.waiting.poll();
		if (first == null) {
			this.byKey.remove(key.name);
			return null;
		}
		this.heads.put(first.held, key);
		return first.held;
	}

	private Waiting waiting(Held held) {
		long sequence = Long.MAX_VALUE;
		boolean redelivered = false;
		if (held.message() != null && held.message().getReplyTo() != null) {
			try {
				DeliveryMetadata metadata = DeliveryMetadata.of(held.message());
				sequence = metadata.streamSequence();
				redelivered = metadata.deliveredCount() > 1;
			}
			catch (RuntimeException ex) {
				// not a JetStream delivery (tests): arrival order
			}
		}
		synchronized (this) {
			return new Waiting(held, sequence, this.arrivals++, redelivered);
		}
	}

	/** How often the event was tried here already (counted as delivery attempts). */
	synchronized long retriesOf(Held held) {
		Key key = this.heads.get(held);
		return (key != null) ? key.retries : 0;
	}

	/**
	 * The event is settled (or left unsettled): its key's next event, if any, goes to the
	 * workers.
	 */
	void done(Held held) {
		Held next;
		synchronized (this) {
			Key key = this.heads.remove(held);
			if (key == null) {
				return;
			}
			key.retries = 0;
			next = nextHead(key);
		}
		if (next != null) {
			this.ready.accept(next);
		}
	}

	/**
	 * The event failed and is to be tried again here after {@code delay}, its key held
	 * meanwhile.
	 * @return {@code false} if the scheduler no longer holds the event (the container
	 * stopped meanwhile)
	 */
	boolean retry(Held held, Duration delay) {
		int scheduledIn;
		synchronized (this) {
			Key key = this.heads.get(held);
			if (key == null) {
				return false;
			}
			key.retries++;
			key.retryPending = true;
			scheduledIn = this.epoch;
		}
		Runnable again = () -> {
			synchronized (this) {
				Key key = this.heads.get(held);
				if (this.epoch != scheduledIn || key == null) {
					return;
				}
				key.retryPending = false;
			}
			this.ready.accept(held);
		};
		if (delay.isZero() || delay.isNegative()) {
			again.run();
		}
		else {
			try {
				this.scheduler.schedule(again, delay.toNanos(), TimeUnit.NANOSECONDS);
			}
			catch (RejectedExecutionException ex) {
				// shutting down: the server redelivers it
				synchronized (this) {
					this.heads.remove(held);
				}
				return false;
			}
		}
		return true;
	}

	/**
	 * Empties the scheduler (the container stopped): the events it holds, per key the
	 * head first (unless a worker still has it) and then the waiting ones in order, go to
	 * {@code release} (for redelivery).
	 * @param queued the events in the workers' queue (taken out of it)
	 */
	void drain(Set<Held> queued, Consumer<Held> release) {
		List<Held> released = new ArrayList<>();
		synchronized (this) {
			this.epoch++;
			Map<Key, Held> headOf = new IdentityHashMap<>();
			this.heads.forEach((held, key) -> headOf.put(key, held));
			for (Key key : this.byKey.values()) {
				Held head = headOf.get(key);
				if (head != null && (key.retryPending || queued.contains(head))) {
					released.add(head);
				}
				key.waiting.stream().sorted().forEach((waiting) -> released.add(waiting.held));
			}
			this.byKey.clear();
			this.heads.clear();
		}
		released.forEach(release);
	}

	/**
	 * A held key: its events waiting behind the one the workers have, and how often that
	 * one was retried.
	 */
	private static final class Key {

		final String name;

		final PriorityQueue<Waiting> waiting = new PriorityQueue<>();

		long retries;

		boolean retryPending;

		/**
		 * Its first event was a redelivery: it waits for the settle window before any
		 * goes to the workers.
		 */
		boolean settling;

		Key(String name) {
			this.name = name;
		}

	}

	/** An event waiting behind its key, ordered by stream id, then by arrival. */
	private record Waiting(Held held, long sequence, long arrival, boolean redelivered) implements Comparable<Waiting> {

		@Override
		public int compareTo(Waiting other) {
			int bySequence = Long.compare(this.sequence, other.sequence);
			return (bySequence != 0) ? bySequence : Long.compare(this.arrival, other.arrival);
		}

	}

}
