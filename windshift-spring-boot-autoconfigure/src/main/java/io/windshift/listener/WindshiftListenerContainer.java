package io.windshift.listener;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.nats.client.ConsumerContext;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.Message;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.impl.AckType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.TaskExecutor;

/**
 * Runs one listener: a fetcher that pulls events in batches from the consumer (jnats' {@code fetch}) into a
 * buffer, and {@code concurrency} workers that take them from there and hand them to the listener method.
 * <p>
 * The events a container holds (buffered, being handled, or requested and on their way) never exceed its
 * prefetch limit: at most the consumer's max pending events and {@code max-prefetch}, and sized by
 * {@link PrefetchSizer} from the observed handling time so that the last held event starts within half the
 * processing timeout. Every held event is pinged from the moment it arrives until it is settled, so a buffered
 * event is never redelivered to someone else while it waits. A new batch is fetched once half the limit is
 * free. Stopping ends fetching, lets the events being handled finish (up to the shutdown timeout) and rejects
 * buffered ones for immediate redelivery; nothing that was not handled is acknowledged.
 * <p>
 * A supervisor checks the consumer periodically and after fetch failures, and recreates it when the server
 * lost it. Made by {@link ListenerContainerFactory}; managed by {@link WindshiftListenerEndpointRegistry}.
 */
public class WindshiftListenerContainer {

	private static final Log logger = LogFactory.getLog(WindshiftListenerContainer.class);

	private static final long FAILURE_BACKOFF_MILLIS = 250;

	/** Wakes a worker up to end it. */
	private static final Held STOP = new Held(null, null);

	private final String listenerId;

	private final ConsumerBinding binding;

	private final ListenerEventHandler handler;

	private final int concurrency;

	private final boolean autoStartup;

	private final TaskExecutor workers;

	private final ScheduledExecutorService supervisor;

	private final ContainerSettings settings;

	private final AutoPinger pinger;

	private final PrefetchSizer sizer;

	private final Object monitor = new Object();

	private final BlockingQueue<Held> buffer = new LinkedBlockingQueue<>();

	/** Events buffered or being handled. */
	private final AtomicInteger held = new AtomicInteger();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicBoolean checkPending = new AtomicBoolean();

	private volatile boolean fetcherWaiting;

	/** While the fetcher waits for room: the held count at which to wake it. */
	private volatile int wakeAt;

	private volatile ListenerState state = ListenerState.STOPPED;

	private volatile boolean running;

	private volatile boolean paused;

	private volatile int generation;

	private @Nullable CountDownLatch workersDone;

	private @Nullable ScheduledFuture<?> supervision;

	WindshiftListenerContainer(String listenerId, ListenerConsumer consumer, HandlerFactory handlerFactory,
			int concurrency, boolean autoStartup, TaskExecutor workers, ScheduledExecutorService supervisor,
			AutoPinger pinger, ContainerSettings settings) {
		this.listenerId = listenerId;
		this.binding = new ConsumerBinding(listenerId, consumer);
		this.handler = handlerFactory.create(this.binding::maxDeliveries);
		this.concurrency = concurrency;
		this.autoStartup = autoStartup;
		this.workers = workers;
		this.supervisor = supervisor;
		this.pinger = pinger;
		this.settings = settings;
		this.sizer = new PrefetchSizer(concurrency);
	}

	public String getListenerId() {
		return this.listenerId;
	}

	public ListenerState getState() {
		return this.state;
	}

	public boolean isRunning() {
		return this.running;
	}

	public boolean isPaused() {
		return this.paused;
	}

	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	/** The stream the listener consumes. */
	public String getStream() {
		return this.binding.stream();
	}

	/** The name of the consumer in use (the server's name for an ephemeral one), or {@code null} if unbound. */
	public @Nullable String getConsumerName() {
		return this.binding.consumerName();
	}

	/** How many workers handle events at once. */
	public int getConcurrency() {
		return this.concurrency;
	}

	/**
	 * The consumer as the server described it at binding or at the last periodic check (no request is made),
	 * or {@code null} if not known yet.
	 */
	public @Nullable ConsumerInfo getLastConsumerInfo() {
		return this.binding.lastInfo();
	}

	/** How many events the listener method is handling right now. */
	public int getInFlightCount() {
		return this.inFlight.get();
	}

	/** How many events the container holds: fetched and waiting for a worker, or being handled. */
	public int getHeldCount() {
		return this.held.get();
	}

	/** How many events the container may hold at once now (its current prefetch limit). */
	public int getPrefetchLimit() {
		return this.sizer.limit(this.binding.processingTimeout(), maxPrefetch());
	}

	/**
	 * Binds the consumer (creating it if the listener owns it) and starts the fetcher and the workers. If the
	 * server does not answer, the container starts {@link ListenerState#RECOVERING recovering} and binds as
	 * soon as it can.
	 * @throws io.windshift.events.WindshiftException if the consumer cannot be bound for good (no such
	 * stream, a definition the server refuses)
	 */
	public void start() {
		synchronized (this.monitor) {
			if (this.running) {
				return;
			}
			boolean bound = this.binding.bind();
			int current = ++this.generation;
			this.running = true;
			this.state = !bound ? ListenerState.RECOVERING
					: this.paused ? ListenerState.PAUSED : ListenerState.RUNNING;
			this.workersDone = new CountDownLatch(this.concurrency + 1);
			CountDownLatch done = this.workersDone;
			for (int i = 0; i < this.concurrency; i++) {
				this.workers.execute(() -> work(current, done));
			}
			this.workers.execute(() -> fetchLoop(current, done));
			long interval = this.settings.checkInterval().toMillis();
			this.supervision = this.supervisor.scheduleWithFixedDelay(this::check, interval, interval,
					TimeUnit.MILLISECONDS);
			logger.debug("Started listener '" + this.listenerId + "' on " + this.binding.describe());
		}
	}

	/**
	 * Stops the container and deletes its ephemeral consumer, if it has one (at application shutdown: the
	 * next instance gets its own).
	 */
	public void destroy() {
		stop();
		this.binding.release();
	}

	/**
	 * Stops fetching, lets in-flight events finish (up to the shutdown timeout) and settles them; buffered
	 * events not yet handed to the method are rejected for immediate redelivery (and events the server still
	 * sends are too); events not handled are never acknowledged.
	 */
	public void stop() {
		CountDownLatch done;
		synchronized (this.monitor) {
			if (!this.running) {
				return;
			}
			this.running = false;
			this.monitor.notifyAll();
			if (this.supervision != null) {
				this.supervision.cancel(false);
			}
			done = this.workersDone;
			for (int i = 0; i < this.concurrency; i++) {
				this.buffer.offer(STOP);
			}
		}
		try {
			Duration timeout = this.settings.shutdownTimeout().plus(this.settings.pollTimeout());
			if (done != null && !done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn("Listener '" + this.listenerId + "' stopped with " + this.inFlight.get()
						+ " event(s) still being handled after " + this.settings.shutdownTimeout()
						+ "; unsettled ones are redelivered after the processing timeout");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		synchronized (this.monitor) {
			if (!this.running) {
				releaseBuffered();
				this.state = ListenerState.STOPPED;
			}
		}
		// the last acks and rejections are fire-and-forget: send them before the connection may close
		this.binding.flush(this.settings.pollTimeout());
	}

	/** Stops fetching; events being handled and buffered ones are finished. */
	public void pause() {
		synchronized (this.monitor) {
			this.paused = true;
			if (this.running) {
				this.state = ListenerState.PAUSED;
			}
		}
	}

	/** Fetches again after {@link #pause()}. */
	public void resume() {
		synchronized (this.monitor) {
			this.paused = false;
			if (this.running && this.state == ListenerState.PAUSED) {
				this.state = ListenerState.RUNNING;
			}
			this.monitor.notifyAll();
		}
	}

	private boolean active(int myGeneration) {
		return this.running && this.generation == myGeneration && !Thread.currentThread().isInterrupted();
	}

	/** A worker: takes buffered events and hands them to the method, one at a time. */
	private void work(int myGeneration, CountDownLatch done) {
		try {
			while (active(myGeneration)) {
				Held next;
				try {
					next = this.buffer.poll(this.settings.pollTimeout().toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
				if (next == null) {
					continue;
				}
				if (next == STOP) {
					break;
				}
				if (!active(myGeneration)) {
					release(next);
					break;
				}
				handle(next);
			}
		}
		finally {
			done.countDown();
		}
	}

	private void handle(Held next) {
		this.inFlight.incrementAndGet();
		long start = System.nanoTime();
		try {
			this.handler.handle(next.message(), next.tracking());
		}
		catch (RuntimeException ex) {
			logger.error("Listener '" + this.listenerId + "' could not handle an event", ex);
		}
		finally {
			this.sizer.observe(System.nanoTime() - start);
			this.inFlight.decrementAndGet();
			freed();
		}
	}

	/** One fewer event held: wakes the fetcher if it waits for room. */
	private void freed() {
		int now = this.held.decrementAndGet();
		if (this.fetcherWaiting && now <= this.wakeAt) {
			synchronized (this.monitor) {
				this.monitor.notifyAll();
			}
		}
	}

	/** The fetcher: fetches batches into the buffer while there is room. */
	private void fetchLoop(int myGeneration, CountDownLatch done) {
		try {
			while (active(myGeneration)) {
				if (this.paused) {
					await(this.settings.pollTimeout().toMillis());
					continue;
				}
				ConsumerContext current = this.binding.context();
				if (current == null) {
					await(FAILURE_BACKOFF_MILLIS);
					continue;
				}
				int limit = getPrefetchLimit();
				int room = limit - this.held.get();
				// half the limit per request: few requests (each is a subscription), the other half covers the trip
				int batch = Math.max(1, limit / 2);
				if (room < batch) {
					awaitRoom(myGeneration, batch);
					continue;
				}
				fetch(current, room, myGeneration);
			}
		}
		finally {
			done.countDown();
		}
	}

	private void awaitRoom(int myGeneration, int wanted) {
		synchronized (this.monitor) {
			int limit = getPrefetchLimit();
			this.wakeAt = limit - wanted;
			this.fetcherWaiting = true;
			try {
				// re-checked at least every poll timeout: a missed wake-up only costs a delay
				if (active(myGeneration) && !this.paused && limit - this.held.get() < wanted) {
					this.monitor.wait(this.settings.pollTimeout().toMillis());
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

	/**
	 * Fetches up to {@code count} events into the buffer, each pinged from now on. Events arriving once the
	 * container stops are rejected for immediate redelivery.
	 */
	private void fetch(ConsumerContext current, int count, int myGeneration) {
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
		try (FetchConsumer batch = current.fetch(options)) {
			while (!batch.isFinished()) {
				Message message = batch.nextMessage();
				if (message == null) {
					continue;
				}
				if (!this.running || this.generation != myGeneration) {
					nak(message);
					continue;
				}
				this.held.incrementAndGet();
				this.buffer.offer(new Held(message, this.pinger.track(message, pingInterval)));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			logger.debug("Listener '" + this.listenerId + "' could not fetch: " + ex);
			requestCheck();
			await(FAILURE_BACKOFF_MILLIS);
		}
	}

	/** Rejects the buffered events for immediate redelivery (the container stopped). */
	private void releaseBuffered() {
		Held next;
		while ((next = this.buffer.poll()) != null) {
			if (next != STOP) {
				release(next);
			}
		}
	}

	/** Rejects an event not handed to the method for immediate redelivery. */
	private void release(Held event) {
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

	private void nak(Message message) {
		try {
			// fire-and-forget: if it is lost, the event is redelivered after the processing timeout anyway
			message.getConnection().publish(message.getReplyTo(), AckType.AckNak.bytes);
		}
		catch (RuntimeException ex) {
			logger.debug("Listener '" + this.listenerId + "' could not reject a buffered event: " + ex);
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

	private void await(long millis) {
		synchronized (this.monitor) {
			try {
				this.monitor.wait(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private void requestCheck() {
		if (this.checkPending.compareAndSet(false, true)) {
			this.supervisor.execute(this::check);
		}
	}

	/** Checks the consumer; recreates it if the server lost it. Runs on the supervisor thread. */
	void check() {
		this.checkPending.set(false);
		if (!this.running) {
			return;
		}
		String problem = this.binding.check();
		if (problem != null) {
			recovering(problem);
			return;
		}
		if (this.state == ListenerState.RECOVERING) {
			logger.info("Listener '" + this.listenerId + "' recovered");
		}
		settleState();
	}

	private void settleState() {
		synchronized (this.monitor) {
			if (this.running) {
				this.state = this.paused ? ListenerState.PAUSED : ListenerState.RUNNING;
			}
		}
	}

	private void recovering(@Nullable String reason) {
		synchronized (this.monitor) {
			if (this.running && this.state != ListenerState.RECOVERING) {
				this.state = ListenerState.RECOVERING;
				logger.warn("Listener '" + this.listenerId + "' is recovering: " + reason);
			}
		}
	}

	private Duration pingInterval() {
		Duration configured = this.settings.pingInterval();
		Duration timeout = this.binding.processingTimeout();
		Duration fraction = Duration.ofMillis((long) (timeout.toMillis() * this.settings.pingFraction()));
		Duration interval = (configured != null && configured.compareTo(timeout) < 0) ? configured : fraction;
		return (interval.toMillis() < 10) ? Duration.ofMillis(10) : interval;
	}

	@Override
	public String toString() {
		return "WindshiftListenerContainer[" + this.listenerId + ", " + this.state + "]";
	}

	/** Makes the handler once the container's suppliers exist. */
	@FunctionalInterface
	interface HandlerFactory {

		ListenerEventHandler create(java.util.function.LongSupplier maxDeliveryAttempts);

	}

	/**
	 * Timing of a container.
	 *
	 * @param pollTimeout how long one fetch waits for an event
	 * @param shutdownTimeout how long stopping waits for in-flight events
	 * @param checkInterval how often the consumer is checked
	 * @param pingInterval a fixed auto-ping interval, or {@code null} for a fraction of the processing timeout
	 * @param pingFraction the fraction of the processing timeout between pings
	 * @param maxPrefetch the most events the container holds at once (also bounded by max pending events)
	 */
	record ContainerSettings(Duration pollTimeout, Duration shutdownTimeout, Duration checkInterval,
			@Nullable Duration pingInterval, double pingFraction, int maxPrefetch) {
	}

	/**
	 * An event the container holds, pinged until settled; {@link #STOP} (no message) wakes a worker to end it.
	 *
	 * @param message the message
	 * @param tracking its pinging
	 */
	private record Held(@Nullable Message message, AutoPinger.@Nullable Tracking tracking) {
	}

}
