package io.windshift.listener;

import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import io.nats.client.Message;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.windshift.events.internal.AckReplies;

/**
 * The events a container holds: fetched ones waiting for a worker, counted together with
 * those being handled. Wakes the fetcher when room frees up and rejects events not handed
 * to the method for immediate redelivery.
 */
final class PrefetchBuffer {

	/** Logs under the container's name, as before the container was split. */
	private static final Log logger = LogFactory.getLog(WindshiftListenerContainer.class);

	/** Wakes a worker up to end it. */
	static final Held STOP = new Held(null, null);

	private final String listenerId;

	/** Guards the fetcher's waits. */
	private final Object monitor = new Object();

	private final BlockingQueue<Held> queue = new LinkedBlockingQueue<>();

	/** Events buffered or being handled. */
	private final AtomicInteger held = new AtomicInteger();

	/** Bytes of the events buffered and not yet taken by a worker. */
	private final AtomicLong bufferedBytes = new AtomicLong();

	/**
	 * While the fetcher waits for bytes to be taken: the buffered bytes at which to wake
	 * it; -1 if it does not.
	 */
	private volatile long wakeAtBytes = -1;

	private volatile boolean fetcherWaiting;

	/** While the fetcher waits for room: the held count at which to wake it. */
	private volatile int wakeAt;

	/**
	 * With {@code orderBy}: orders events by key on their way to the workers;
	 * {@code null} without.
	 */
	private volatile @Nullable KeyedScheduler keys;

	PrefetchBuffer(String listenerId) {
		this.listenerId = listenerId;
	}

	/** How many events are buffered or being handled. */
	int held() {
		return this.held.get();
	}

	/** Buffers a fetched event, pinged by {@code tracking} until settled. */
	void add(Message message, AutoPinger.Tracking tracking) {
		this.held.incrementAndGet();
		this.bufferedBytes.addAndGet(PullChannel.size(message));
		Held event = new Held(message, tracking);
		KeyedScheduler scheduler = this.keys;
		if (scheduler != null) {
			scheduler.add(event);
		}
		else {
			this.queue.offer(event);
		}
	}

	/**
	 * Orders events by key from now on, retrying failed ones here (see
	 * {@link KeyedScheduler}).
	 * @return the scheduler that orders them
	 */
	KeyedScheduler orderBy(OrderingKeys keys, ScheduledExecutorService retries) {
		KeyedScheduler scheduler = new KeyedScheduler(keys, this.queue::offer, retries, this::release);
		this.keys = scheduler;
		return scheduler;
	}

	/**
	 * How often the event was tried in this container already, without a redelivery by
	 * the server.
	 */
	long retriesOf(Held event) {
		KeyedScheduler scheduler = this.keys;
		return (scheduler != null) ? scheduler.retriesOf(event) : 0;
	}

	/**
	 * A worker is done with an event: settled or left to the server ({@code retry} null),
	 * or to be tried again here after {@code retry} (ordered containers only; its key
	 * stays held and it stays pinged).
	 */
	void handled(Held event, @Nullable Duration retry) {
		KeyedScheduler scheduler = this.keys;
		if (scheduler != null) {
			if (retry != null) {
				if (!scheduler.retry(event, retry)) {
					// the container stopped while it was handled: the server redelivers
					// it
					release(event);
				}
				return;
			}
			scheduler.done(event);
		}
		freed();
	}

	/** Bytes of the events fetched and not yet taken by a worker. */
	long bufferedBytes() {
		return this.bufferedBytes.get();
	}

	/**
	 * The next buffered event, {@link #STOP}, or {@code null} if none came within
	 * {@code millis}.
	 */
	@Nullable Held poll(long millis) throws InterruptedException {
		return taken(this.queue.poll(millis, TimeUnit.MILLISECONDS));
	}

	private @Nullable Held taken(@Nullable Held held) {
		Message message = (held != null) ? held.message() : null;
		if (message != null) {
			long now = this.bufferedBytes.addAndGet(-PullChannel.size(message));
			long wakeAt = this.wakeAtBytes;
			if (wakeAt >= 0 && now <= wakeAt) {
				this.wakeAtBytes = -1;
				wakeUp();
			}
		}
		return held;
	}

	/** Waits (at most {@code millis}) until at most {@code wakeAt} bytes are buffered. */
	void awaitBytes(long wakeAt, long millis) {
		synchronized (this.monitor) {
			this.wakeAtBytes = wakeAt;
			try {
				if (this.bufferedBytes.get() > wakeAt) {
					this.monitor.wait(millis);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				this.wakeAtBytes = -1;
			}
		}
	}

	/**
	 * Moves up to {@code max} buffered events into {@code into} without waiting
	 * ({@link #STOP} included); returns how many.
	 */
	int drainTo(java.util.Collection<Held> into, int max) {
		java.util.List<Held> drained = new java.util.ArrayList<>(Math.min(max, 64));
		int count = this.queue.drainTo(drained, max);
		for (Held held : drained) {
			into.add(taken(held));
		}
		return count;
	}

	/** Puts a {@link #STOP} taken by {@link #drainTo} back for another worker. */
	void returnStop() {
		this.queue.offer(STOP);
	}

	/** Wakes {@code count} workers up to end them. */
	void stopWorkers(int count) {
		for (int i = 0; i < count; i++) {
			this.queue.offer(STOP);
		}
	}

	/**
	 * One fewer event held (settled or released): wakes the fetcher if it waits for room.
	 */
	void freed() {
		int now = this.held.decrementAndGet();
		if (this.fetcherWaiting && now <= this.wakeAt) {
			// once is enough: the fetcher clears the flag again when it wakes up
			this.fetcherWaiting = false;
			wakeUp();
		}
	}

	/**
	 * Waits (at most {@code millis}) until {@code wanted} events fit under {@code limit},
	 * unless {@code stillWanted} says no longer to wait.
	 */
	void awaitRoom(int limit, int wanted, long millis, BooleanSupplier stillWanted) {
		synchronized (this.monitor) {
			this.wakeAt = limit - wanted;
			this.fetcherWaiting = true;
			try {
				// re-checked at least every poll timeout: a missed wake-up only costs a
				// delay
				if (stillWanted.getAsBoolean() && limit - this.held.get() < wanted) {
					this.monitor.wait(millis);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				this.fetcherWaiting = false;
			}
		}
	}

	/** Waits {@code millis} or until {@link #wakeUp()}. */
	void await(long millis) {
		synchronized (this.monitor) {
			try {
				this.monitor.wait(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Wakes the fetcher from its waits (the container stopped or resumed, or room freed
	 * up).
	 */
	void wakeUp() {
		synchronized (this.monitor) {
			this.monitor.notifyAll();
		}
	}

	/** Rejects the buffered events for immediate redelivery (the container stopped). */
	void releaseAll() {
		KeyedScheduler scheduler = this.keys;
		if (scheduler != null) {
			Set<Held> queued = Collections.newSetFromMap(new IdentityHashMap<>());
			this.queue.drainTo(queued);
			queued.remove(STOP);
			scheduler.drain(queued, this::release);
			return;
		}
		Held next;
		while ((next = taken(this.queue.poll())) != null) {
			if (next != STOP) {
				release(next);
			}
		}
	}

	/** Rejects an event not handed to the method for immediate redelivery. */
	void release(Held event) {
		AutoPinger.Tracking tracking = event.tracking();
		if (tracking != null) {
			tracking.stop();
		}
		Message message = event.message();
		if (message != null) {
			nak(message);
		}
		freed();
	}

	/** Rejects an event for immediate redelivery. */
	void nak(Message message) {
		try {
			// fire-and-forget: if it is lost, the event is redelivered after the
			// processing timeout anyway
			AckReplies.redeliver(message);
		}
		catch (RuntimeException ex) {
			logger.debug("Listener '" + this.listenerId + "' could not reject a buffered event: " + ex);
		}
	}

	/**
	 * An event the container holds, pinged until settled; {@link #STOP} (no message)
	 * wakes a worker to end it.
	 *
	 * @param message the message
	 * @param tracking its pinging
	 */
	record Held(@Nullable Message message, AutoPinger.@Nullable Tracking tracking) {

		/** The message of a held event; {@link #STOP} has none. */
		Message event() {
			return Objects.requireNonNull(this.message, "STOP holds no event");
		}

		/** The pinging of a held event; {@link #STOP} has none. */
		AutoPinger.Tracking pinging() {
			return Objects.requireNonNull(this.tracking, "STOP holds no event");
		}

	}

}
