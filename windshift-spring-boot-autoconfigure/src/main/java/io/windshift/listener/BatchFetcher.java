package io.windshift.listener;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;

import io.nats.client.ConsumerContext;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.Message;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A container's fetcher: requests batches from the consumer (jnats' {@code fetch}) into the
 * {@link PrefetchBuffer} while there is room under the prefetch limit, each event pinged from its arrival. The
 * next batch is requested while the current one arrives (see {@link OpenFetches}).
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

	/** How often the events of the open batches are pinged (from the processing timeout at the last request). */
	private Duration pingInterval = Duration.ofSeconds(1);

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

	/** How many events the container may hold at once now. */
	int prefetchLimit() {
		return this.sizer.limit(this.binding.processingTimeout(), maxPrefetch());
	}

	private boolean active(int myGeneration) {
		return this.current.test(myGeneration) && !Thread.currentThread().isInterrupted();
	}

	/**
	 * The fetch loop of one generation of the container; counts {@code done} down when it ends. Requests the next
	 * batch while the current one still arrives (at most {@link OpenFetches#MAX_OPEN} at once), so the events
	 * keep flowing; the events held and still requested never exceed the prefetch limit.
	 */
	void run(int myGeneration, CountDownLatch done) {
		OpenFetches open = new OpenFetches();
		try {
			while (active(myGeneration)) {
				boolean paused = this.paused.getAsBoolean();
				ConsumerContext context = paused ? null : this.binding.context();
				if (context != null && open.hasRoom()) {
					requestMore(context, open);
				}
				if (open.isEmpty()) {
					if (paused) {
						this.buffer.await(this.settings.pollTimeout().toMillis());
					}
					else if (context == null) {
						this.buffer.await(FAILURE_BACKOFF_MILLIS);
					}
					else {
						int limit = prefetchLimit();
						this.buffer.awaitRoom(limit, Math.max(1, limit / 2), this.settings.pollTimeout().toMillis(),
								() -> active(myGeneration) && !this.paused.getAsBoolean());
					}
					continue;
				}
				take(open, myGeneration);
			}
		}
		finally {
			rejectRemaining(open);
			done.countDown();
		}
	}

	/** Requests another batch if half the limit is free of held and requested events. */
	private void requestMore(ConsumerContext context, OpenFetches open) {
		int limit = prefetchLimit();
		int room = limit - this.buffer.held() - open.outstanding();
		// half the limit per request: few requests, and the other half covers the trip
		if (room < Math.max(1, limit / 2)) {
			return;
		}
		try {
			FetchConsumeOptions options = options(room);
			this.pingInterval = pingInterval();
			open.add(context.fetch(options), options.getMaxMessages());
		}
		catch (Exception ex) {
			failed(ex);
		}
	}

	/** Buffers the next event of the oldest open batch, pinged from now on. */
	private void take(OpenFetches open, int myGeneration) {
		try {
			Message message = open.next();
			if (message == null) {
				return;
			}
			if (!this.current.test(myGeneration)) {
				this.buffer.nak(message);
				return;
			}
			this.buffer.add(message, this.pinger.track(message, this.pingInterval));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			failed(ex);
		}
	}

	/** Rejects the events still arriving for open batches once the container stopped, for immediate redelivery. */
	private void rejectRemaining(OpenFetches open) {
		try (open) {
			while (!open.isEmpty()) {
				Message message = open.next();
				if (message != null) {
					this.buffer.nak(message);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			logger.debug("Listener '" + this.listenerId + "' could not reject what was still arriving: " + ex);
		}
	}

	private void failed(Exception ex) {
		logger.debug("Listener '" + this.listenerId + "' could not fetch: " + ex);
		this.onFailure.run();
		this.buffer.await(FAILURE_BACKOFF_MILLIS);
	}

	/** A request for up to {@code count} events, within what the consumer allows. */
	private FetchConsumeOptions options(int count) {
		// a request beyond the consumer's max batch or max expires would be refused by the server
		long maxBatch = this.binding.maxBatch();
		Duration expires = this.settings.pollTimeout();
		Duration maxExpires = this.binding.maxExpires();
		if (maxExpires != null && maxExpires.compareTo(expires) < 0) {
			expires = (maxExpires.toMillis() < 1000) ? Duration.ofSeconds(1) : maxExpires;
		}
		return FetchConsumeOptions.builder()
			.maxMessages((maxBatch > 0) ? (int) Math.min(count, maxBatch) : count)
			.expiresIn(expires.toMillis())
			.build();
	}

	private int maxPrefetch() {
		long maximum = this.settings.maxPrefetch();
		long maxAckPending = this.binding.maxAckPending();
		if (maxAckPending > 0) {
			maximum = Math.min(maximum, maxAckPending);
		}
		return (int) Math.max(1, maximum);
	}

	private Duration pingInterval() {
		Duration configured = this.settings.pingInterval();
		Duration timeout = this.binding.processingTimeout();
		Duration fraction = Duration.ofMillis((long) (timeout.toMillis() * this.settings.pingFraction()));
		Duration interval = (configured != null && configured.compareTo(timeout) < 0) ? configured : fraction;
		return (interval.toMillis() < 10) ? Duration.ofMillis(10) : interval;
	}

}
