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

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.windshift.listener.PrefetchBuffer.Held;
import io.windshift.events.internal.DeliveryMetadata;

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
 * arrived in. While {@link #hold() held} (a {@link TakeoverHold}: the container was just
 * pinned, and another instance may still hold earlier events that come back to it one by
 * one), no event goes to the workers: they all wait here, in stream order per key, until
 * {@link #release()}.
 */
final class KeyedScheduler {

	private static final Log logger = LogFactory.getLog(WindshiftListenerContainer.class);

	private final OrderingKeys keys;

	private final Consumer<Held> ready;

	private final Consumer<Held> duplicate;

	private final ScheduledExecutorService scheduler;

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

	/** Whether no event goes to the workers for now (see {@link #hold()}). */
	private boolean holding;

	/**
	 * @param ready where events go once they may be handled (the workers' queue)
	 * @param scheduler runs the retries after their delay
	 */
	KeyedScheduler(OrderingKeys keys, Consumer<Held> ready, ScheduledExecutorService scheduler) {
		this(keys, ready, scheduler, (held) -> {
		});
	}

	/**
	 * @param duplicate where a second copy of the delivery a key just finished goes
	 * instead of the workers (rejected: if the first copy was acknowledged, the server
	 * ignores it)
	 */
	KeyedScheduler(OrderingKeys keys, Consumer<Held> ready, ScheduledExecutorService scheduler,
			Consumer<Held> duplicate) {
		this.keys = keys;
		this.ready = ready;
		this.scheduler = scheduler;
		this.duplicate = duplicate;
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
		synchronized (this) {
			Key key = this.byKey.get(keyName);
			if (key != null) {
				key.waiting.add(waiting);
				return;
			}
			key = new Key(keyName);
			this.byKey.put(keyName, key);
			if (this.holding) {
				key.waiting.add(waiting);
				key.held = true;
				return;
			}
			this.heads.put(held, key);
			key.head = waiting;
		}
		this.ready.accept(held);
	}

	/**
	 * From now on no event goes to the workers (those they have are finished): every
	 * key's events wait here, in stream order, until {@link #release()}.
	 */
	synchronized void hold() {
		this.holding = true;
	}

	/** Ends a {@link #hold()}: each waiting key's lowest event goes to the workers. */
	void release() {
		List<Held> next = new ArrayList<>();
		List<Held> duplicates = new ArrayList<>();
		synchronized (this) {
			this.holding = false;
			for (Key key : new ArrayList<>(this.byKey.values())) {
				if (key.held) {
					key.held = false;
					Held head = nextHead(key, duplicates);
					if (head != null) {
						next.add(head);
					}
				}
			}
		}
		duplicates.forEach(this.duplicate);
		next.forEach(this.ready);
	}

	/**
	 * The key's lowest waiting event becomes its head, or, with none waiting, the key is
	 * let go; called with the lock held. A second copy of the delivery the key just
	 * finished (the same stream id and delivery count: a consumer leader that lost its
	 * leadership may still send the deliveries it had queued, which the new leader makes
	 * again) goes to {@code duplicates} instead.
	 */
	private @Nullable Held nextHead(Key key, List<Held> duplicates) {
		Waiting first;
		while ((first = key.waiting.poll()) != null) {
			Waiting last = key.lastDone;
			if (last == null || first.sequence == Long.MAX_VALUE || first.sequence != last.sequence
					|| first.delivered != last.delivered) {
				this.heads.put(first.held, key);
				key.head = first;
				return first.held;
			}
			duplicates.add(first.held);
		}
		this.byKey.remove(key.name);
		return null;
	}

	private Waiting waiting(Held held) {
		long sequence = Long.MAX_VALUE;
		long delivered = 0;
		if (held.message() != null && held.message().getReplyTo() != null) {
			try {
				DeliveryMetadata metadata = DeliveryMetadata.of(held.message());
				sequence = metadata.streamSequence();
				delivered = metadata.deliveredCount();
			}
			catch (RuntimeException ex) {
				// not a JetStream delivery (tests): arrival order
			}
		}
		synchronized (this) {
			return new Waiting(held, sequence, this.arrivals++, delivered);
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
		List<Held> duplicates = new ArrayList<>();
		synchronized (this) {
			Key key = this.heads.remove(held);
			if (key == null) {
				return;
			}
			key.retries = 0;
			key.lastDone = key.head;
			if (this.holding && !key.waiting.isEmpty()) {
				// its next event waits for the release
				key.held = true;
				return;
			}
			next = nextHead(key, duplicates);
		}
		duplicates.forEach(this.duplicate);
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
			this.holding = false;
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

		/** The event the workers have (or last had). */
		@Nullable Waiting head;

		/** The last event of the key finished here. */
		@Nullable Waiting lastDone;

		/**
		 * It has no event with the workers and its waiting ones wait for the
		 * {@link #release()}.
		 */
		boolean held;

		Key(String name) {
			this.name = name;
		}

	}

	/** An event waiting behind its key, ordered by stream id, then by arrival. */
	private record Waiting(Held held, long sequence, long arrival, long delivered) implements Comparable<Waiting> {

		@Override
		public int compareTo(Waiting other) {
			int bySequence = Long.compare(this.sequence, other.sequence);
			return (bySequence != 0) ? bySequence : Long.compare(this.arrival, other.arrival);
		}

	}

}
