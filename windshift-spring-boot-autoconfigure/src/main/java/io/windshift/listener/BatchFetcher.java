package io.windshift.listener;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;

import io.nats.client.ConsumerContext;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.Message;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A container's fetcher: requests batches from the consumer (jnats' {@code fetch}) into the
 * {@link PrefetchBuffer} while there is room under the prefetch limit, each event pinged from its arrival.
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

	/** The fetch loop of one generation of the container; counts {@code done} down when it ends. */
	void run(int myGeneration, CountDownLatch done) {
		try {
			while (active(myGeneration)) {
				if (this.paused.getAsBoolean()) {
					this.buffer.await(this.settings.pollTimeout().toMillis());
					continue;
				}
				ConsumerContext context = this.binding.context();
				if (context == null) {
					this.buffer.await(FAILURE_BACKOFF_MILLIS);
					continue;
				}
				int limit = prefetchLimit();
				int room = limit - this.buffer.held();
				// half the limit per request: few requests (each is a subscription), the other half covers the trip
				int batch = Math.max(1, limit / 2);
				if (room < batch) {
					this.buffer.awaitRoom(prefetchLimit(), batch, this.settings.pollTimeout().toMillis(),
							() -> active(myGeneration) && !this.paused.getAsBoolean());
					continue;
				}
				fetch(context, room, myGeneration);
			}
		}
		finally {
			done.countDown();
		}
	}

	/**
	 * Fetches up to {@code count} events into the buffer, each pinged from now on. Events arriving once the
	 * container stops are rejected for immediate redelivery.
	 */
	private void fetch(ConsumerContext context, int count, int myGeneration) {
		// a request beyond the consumer's max batch or max expires would be refused by the server
		long maxBatch = this.binding.maxBatch();
		Duration expires = this.settings.pollTimeout();
		Duration maxExpires = this.binding.maxExpires();
		if (maxExpires != null && maxExpires.compareTo(expires) < 0) {
			expires = (maxExpires.toMillis() < 1000) ? Duration.ofSeconds(1) : maxExpires;
		}
		FetchConsumeOptions options = FetchConsumeOptions.builder()
			.maxMessages((maxBatch > 0) ? (int) Math.min(count, maxBatch) : count)
			.expiresIn(expires.toMillis())
			.build();
		Duration pingInterval = pingInterval();
		try (FetchConsumer batch = context.fetch(options)) {
			while (!batch.isFinished()) {
				Message message = batch.nextMessage();
				if (message == null) {
					continue;
				}
				if (!this.current.test(myGeneration)) {
					this.buffer.nak(message);
					continue;
				}
				this.buffer.add(message, this.pinger.track(message, pingInterval));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			logger.debug("Listener '" + this.listenerId + "' could not fetch: " + ex);
			this.onFailure.run();
			this.buffer.await(FAILURE_BACKOFF_MILLIS);
		}
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
