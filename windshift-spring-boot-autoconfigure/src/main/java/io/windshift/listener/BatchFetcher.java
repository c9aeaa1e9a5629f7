package io.windshift.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

import io.nats.client.ConsumerContext;
import io.nats.client.Message;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A container's fetcher: requests events from the consumer through a {@link PullChannel}
 * into the {@link PrefetchBuffer} while there is room under the prefetch limit, each
 * event pinged from its arrival.
 */
final class BatchFetcher {

	/** Logs under the container's name, as before the container was split. */
	private static final Log logger = LogFactory.getLog(WindshiftListenerContainer.class);

	private static final long FAILURE_BACKOFF_MILLIS = 250;

	private final String listenerId;

	private final ConsumerBinding binding;

	private final PrefetchBuffer buffer;

	private final PrefetchSizer sizer;

	private final AutoPinger pinger;

	private final ContainerSettings settings;

	private final IntPredicate current;

	private final BooleanSupplier paused;

	private final Runnable onFailure;

	/**
	 * How often arriving events are pinged (from the processing timeout at the latest
	 * request).
	 */
	private Duration pingInterval = Duration.ofSeconds(1);

	/**
	 * Events that arrived once the container stopped (or the channel was being replaced):
	 * rejected when the channel has no request open any more.
	 */
	private final List<Message> late = new ArrayList<>();

	private volatile @Nullable TakeoverHold hold;

	/** When the last request was made ({@link System#nanoTime()}). */
	private long lastRequest = System.nanoTime();

	/**
	 * @param current whether the container still runs the given generation
	 * @param paused whether the container is paused
	 * @param onFailure called when a fetch fails (asks for a consumer check)
	 */
	BatchFetcher(String listenerId, ConsumerBinding binding, PrefetchBuffer buffer, PrefetchSizer sizer,
			AutoPinger pinger, ContainerSettings settings, IntPredicate current, BooleanSupplier paused,
			Runnable onFailure) {
		this.listenerId = listenerId;
		this.binding = binding;
		this.buffer = buffer;
		this.sizer = sizer;
		this.pinger = pinger;
		this.settings = settings;
		this.current = current;
		this.paused = paused;
		this.onFailure = onFailure;
	}

	/**
	 * Holds an ordered container's events back each time it is pinned anew (see
	 * {@link TakeoverHold}).
	 */
	void holdWhenPinned(TakeoverHold hold) {
		this.hold = hold;
	}

	/**
	 * How many events the container may hold at once now: while a takeover hold lasts,
	 * its maximum, so that the events another instance held reach it.
	 */
	int prefetchLimit() {
		TakeoverHold current = this.hold;
		if (current != null && current.isActive()) {
			return maxPrefetch();
		}
		return this.sizer.limit(this.binding.processingTimeout(), maxPrefetch());
	}

	/** Whether a takeover hold holds the container's events back now. */
	private boolean holding() {
		TakeoverHold current = this.hold;
		return current != null && current.isActive();
	}

	private boolean active(int myGeneration) {
		return this.current.test(myGeneration) && !Thread.currentThread().isInterrupted();
	}

	/**
	 * The fetch loop of one generation of the container; counts {@code done} down when it
	 * ends. Asks for more events whenever half the prefetch limit is free of held and
	 * requested ones, so the next events are on their way while the current ones arrive;
	 * what the container holds and what it requested stay within the limit.
	 */
	void run(int myGeneration, CountDownLatch done) {
		PullChannel channel = null;
		try {
			while (active(myGeneration)) {
				ConsumerContext context = this.binding.context();
				if (context == null) {
					// unbound: the consumer is gone or the server is unreachable; what
					// was requested is lost
					channel = close(channel);
					this.buffer.await(FAILURE_BACKOFF_MILLIS);
					continue;
				}
				if (channel != null && !channel.serves(context)) {
					channel = finish(channel, this.buffer::nak);
				}
				if (channel == null) {
					channel = open(context);
					continue;
				}
				boolean paused = this.paused.getAsBoolean();
				int limit = prefetchLimit();
				int half = Math.max(1, limit / 2);
				long backoff = channel.backoffMillis();
				int outstanding = channel.outstanding();
				int room = limit - this.buffer.held() - outstanding;
				long maxBytes = maxPrefetchBytes();
				long bytesRoom = maxBytes - this.buffer.bufferedBytes() - channel.outstandingBytes();
				boolean bytesFree = bytesRoom >= maxBytes / 2;
				if (!paused && backoff == 0 && room >= half && (bytesFree || channel.oversized())) {
					request(channel, room, bytesRoom);
					outstanding = channel.outstanding();
				}
				else if (!paused && backoff == 0 && (outstanding == 0 || holding()) && keepPin(channel)) {
					// a pinned client that does not pull loses its pin: one event more
					// than the limit at most. While a hold lasts, the requests made
					// before may have died with a server (they count as outstanding
					// until their heartbeats are missed), and the redeliveries the hold
					// waits for come only with a request: one event more per third of
					// the processing timeout
					request(channel, 1, maxBytes);
					outstanding = channel.outstanding();
				}
				if (outstanding == 0) {
					if (!paused && backoff == 0 && room >= half && !bytesFree) {
						// room for events but not for their bytes: wait until workers
						// took some
						this.buffer.awaitBytes(maxBytes / 2, this.settings.pollTimeout().toMillis());
					}
					else if (backoff > 0) {
						// the server refused a request for a consumer limit (too many
						// waiting, say): not in a loop
						this.buffer.await(backoff);
					}
					else if (paused) {
						this.buffer.await(this.settings.pollTimeout().toMillis());
					}
					else {
						this.buffer.awaitRoom(limit, half, this.settings.pollTimeout().toMillis(),
								() -> active(myGeneration) && !this.paused.getAsBoolean());
					}
					continue;
				}
				channel = take(channel, myGeneration);
			}
		}
		finally {
			// events still arriving once the container stopped are rejected for immediate
			// redelivery
			finish(channel, this.buffer::nak);
			TakeoverHold takeover = this.hold;
			if (takeover != null) {
				takeover.cancel();
			}
			done.countDown();
		}
	}

	private @Nullable PullChannel open(ConsumerContext context) {
		try {
			PullChannel channel = PullChannel.open(this.binding.connection(), this.binding.jetStreamOptions(), context,
					this.binding.stream(), Objects.requireNonNull(context.getConsumerName(), "consumer name"));
			String group = this.binding.pinnedClientGroup();
			if (group != null) {
				channel.pinnedGroup(group);
			}
			return channel;
		}
		catch (RuntimeException ex) {
			failed(ex);
			return null;
		}
	}

	/**
	 * Asks for up to {@code count} events of at most {@code bytes} together, within what
	 * the consumer allows; one event without a byte limit if the next one is larger than
	 * a request's limit.
	 */
	private void request(PullChannel channel, int count, long bytes) {
		// a request beyond the consumer's max batch, max expires or max bytes would be
		// refused by the server
		long maxBatch = this.binding.maxBatch();
		Duration expires = this.settings.pollTimeout();
		Duration maxExpires = this.binding.maxExpires();
		if (maxExpires != null && maxExpires.compareTo(expires) < 0) {
			expires = (maxExpires.toMillis() < 1000) ? Duration.ofSeconds(1) : maxExpires;
		}
		this.pingInterval = pingInterval();
		this.lastRequest = System.nanoTime();
		int events = (maxBatch > 0) ? (int) Math.min(count, maxBatch) : count;
		long maxBytes = Math.max(1, bytes);
		long consumerMaxBytes = this.binding.maxRequestBytes();
		if (consumerMaxBytes > 0) {
			maxBytes = Math.min(maxBytes, consumerMaxBytes);
		}
		if (channel.oversized()) {
			// the next event alone is larger than the byte limit: fetch it alone, without
			// one
			events = 1;
			maxBytes = 0;
		}
		try {
			channel.request(events, expires, maxBytes, heartbeat(expires));
		}
		catch (RuntimeException ex) {
			failed(ex);
		}
	}

	/**
	 * Buffers the next event, pinged from now on; the channel, or {@code null} if it
	 * failed.
	 */
	private @Nullable PullChannel take(PullChannel channel, int myGeneration) {
		try {
			Message message = channel.next(this.settings.pollTimeout().toMillis());
			if (message != null) {
				if (this.current.test(myGeneration)) {
					TakeoverHold takeover = this.hold;
					if (takeover != null) {
						takeover.arrived(message.getReplyTo(), channel.takeNewPin());
					}
					this.buffer.add(message, this.pinger.track(message, this.pingInterval));
				}
				else {
					this.late.add(message);
				}
			}
			return channel;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return channel;
		}
		catch (RuntimeException ex) {
			channel.close();
			failed(ex);
			return null;
		}
	}

	private static @Nullable PullChannel close(@Nullable PullChannel channel) {
		if (channel != null) {
			channel.close();
		}
		return null;
	}

	/**
	 * Ends the channel's requests, then hands the events that arrived meanwhile (and
	 * those that came after the container stopped) to {@code arriving}: only once no
	 * request of this channel is open, so that a rejected event cannot come straight back
	 * to it.
	 */
	private @Nullable PullChannel finish(@Nullable PullChannel channel, Consumer<Message> arriving) {
		if (channel != null) {
			try {
				channel.finish(this.late::add);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				channel.close();
			}
			catch (RuntimeException ex) {
				channel.close();
			}
		}
		// a pinned channel keeps the pin until the container unpins: rejected while its
		// requests were open, an event went back to them at once, burning its delivery
		// attempts until the server gave up on it
		List<Message> arrived = new ArrayList<>(this.late);
		this.late.clear();
		arrived.forEach(arriving);
		return null;
	}

	/**
	 * Whether a pinned channel should pull now to keep its pin (a third of the processing
	 * timeout passed).
	 */
	private boolean keepPin(PullChannel channel) {
		return channel.isPinned()
				&& System.nanoTime() - this.lastRequest > this.binding.processingTimeout().toNanos() / 3;
	}

	private void failed(Exception ex) {
		logger.debug("Listener '" + this.listenerId + "' could not fetch: " + ex);
		this.onFailure.run();
		this.buffer.await(FAILURE_BACKOFF_MILLIS);
	}

	/**
	 * The idle heartbeat of a request: a quarter of its expiry, between 100 ms and 5 s,
	 * so that a dead request is noticed (two intervals without a word) well before it
	 * would expire.
	 */
	static Duration heartbeat(Duration expires) {
		long quarter = expires.toMillis() / 4;
		return Duration.ofMillis(Math.min(expires.toMillis() / 2, Math.max(100, Math.min(5000, quarter))));
	}

	private long maxPrefetchBytes() {
		return Math.max(1, this.settings.maxPrefetchBytes());
	}

	private int maxPrefetch() {
		long maximum = this.settings.maxPrefetch();
		long maxAckPending = this.binding.maxAckPending();
		if (maxAckPending > 0) {
			maximum = Math.min(maximum, maxAckPending);
		}
		return (int) Math.max(1, maximum);
	}

	/** The interval at which held events are pinged, from the processing timeout. */
	Duration pingInterval() {
		Duration configured = this.settings.pingInterval();
		Duration timeout = this.binding.processingTimeout();
		Duration fraction = Duration.ofMillis((long) (timeout.toMillis() * this.settings.pingFraction()));
		Duration interval = (configured != null && configured.compareTo(timeout) < 0) ? configured : fraction;
		return (interval.toMillis() < 10) ? Duration.ofMillis(10) : interval;
	}

}
