package io.windshift.listener;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.nats.client.api.ConsumerInfo;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.windshift.consumers.ConsumerDefinition;

import org.springframework.core.task.TaskExecutor;

/**
 * Runs one listener: a fetcher that pulls events in batches from the consumer (jnats'
 * {@code fetch}) into a buffer, and {@code concurrency} workers that take them from there
 * and hand them to the listener method.
 * <p>
 * The events a container holds (buffered, being handled, or requested and on their way)
 * never exceed its prefetch limit: at most the consumer's max pending events and
 * {@code max-prefetch}, and sized by {@link PrefetchSizer} from the observed handling
 * time so that the last held event starts within half the processing timeout. Every held
 * event is pinged from the moment it arrives until it is settled, so a buffered event is
 * never redelivered to someone else while it waits. A new batch is fetched once half the
 * limit is free. Stopping ends fetching, lets the events being handled finish (up to the
 * shutdown timeout) and rejects buffered ones for immediate redelivery; nothing that was
 * not handled is acknowledged.
 * <p>
 * A supervisor checks the consumer periodically and after fetch failures, and recreates
 * it when the server lost it. The container keeps the lifecycle and the state; a
 * {@link BatchFetcher}, a {@link PrefetchBuffer} and {@link EventWorker}s do the work.
 * Made by {@link ListenerContainerFactory}; managed by
 * {@link WindshiftListenerEndpointRegistry}.
 */
public class WindshiftListenerContainer implements ListenerContainer {

	private static final Log logger = LogFactory.getLog(WindshiftListenerContainer.class);

	private final String listenerId;

	private final ConsumerBinding binding;

	private final int concurrency;

	private final boolean autoStartup;

	private final TaskExecutor workers;

	private final ScheduledExecutorService supervisor;

	private final ContainerSettings settings;

	private final PrefetchBuffer buffer;

	private final BatchFetcher fetcher;

	private final ListenerWorker worker;

	private final Object monitor = new Object();

	private final AtomicBoolean checkPending = new AtomicBoolean();

	private volatile ListenerState state = ListenerState.STOPPED;

	private volatile boolean running;

	private volatile boolean paused;

	private volatile int generation;

	private @Nullable CountDownLatch workersDone;

	private @Nullable ScheduledFuture<?> supervision;

	WindshiftListenerContainer(String listenerId, ListenerConsumer consumer, HandlerFactory handlerFactory,
			int concurrency, boolean autoStartup, TaskExecutor workers, ScheduledExecutorService supervisor,
			AutoPinger pinger, ContainerSettings settings) {
		this(listenerId, consumer, concurrency, 1, autoStartup, workers, supervisor, pinger, settings,
				(buffer, sizer, maxDeliveries, current) -> new EventWorker(listenerId, buffer,
						handlerFactory.create(maxDeliveries), sizer, settings.pollTimeout().toMillis(), current));
	}

	/**
	 * A container whose workers come from a factory.
	 * @param eventsPerWorker how many events a worker handles at once (a batch listener's
	 * max batch size)
	 */
	WindshiftListenerContainer(String listenerId, ListenerConsumer consumer, int concurrency, int eventsPerWorker,
			boolean autoStartup, TaskExecutor workers, ScheduledExecutorService supervisor, AutoPinger pinger,
			ContainerSettings settings, ListenerWorker.Factory workerFactory) {
		this.listenerId = listenerId;
		this.binding = new ConsumerBinding(listenerId, consumer);
		this.concurrency = concurrency;
		this.autoStartup = autoStartup;
		this.workers = workers;
		this.supervisor = supervisor;
		this.settings = settings;
		PrefetchSizer sizer = new PrefetchSizer(concurrency * eventsPerWorker);
		this.buffer = new PrefetchBuffer(listenerId);
		this.fetcher = new BatchFetcher(listenerId, this.binding, this.buffer, sizer, pinger, settings, this::isCurrent,
				this::isPaused, this::requestCheck);
		this.worker = workerFactory.create(this.buffer, sizer, this.binding::maxDeliveries, this::isCurrent);
	}

	/**
	 * Orders events by key (set before the container starts): see {@link KeyedScheduler}.
	 */
	void orderBy(OrderingKeys keys) {
		KeyedScheduler scheduler = this.buffer.orderBy(keys, this.supervisor);
		// newly pinned: what the instance pinned before still holds comes first
		this.fetcher.holdWhenPinned(
				new TakeoverHold(this.listenerId, this.binding, this.buffer::held, scheduler, this.supervisor,
						() -> this.binding.processingTimeout().multipliedBy(2).plus(this.fetcher.pingInterval())));
	}

	/** The definition of the consumer this container reads from. */
	ConsumerDefinition consumerDefinition() {
		return this.binding.definition();
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

	/**
	 * The name of the consumer in use (the server's name for an ephemeral one), or
	 * {@code null} if unbound.
	 */
	public @Nullable String getConsumerName() {
		return this.binding.consumerName();
	}

	/** How many workers handle events at once. */
	public int getConcurrency() {
		return this.concurrency;
	}

	/**
	 * The consumer as the server described it at binding or at the last periodic check
	 * (no request is made), or {@code null} if not known yet.
	 */
	public @Nullable ConsumerInfo getLastConsumerInfo() {
		return this.binding.lastInfo();
	}

	/** How many events the listener method is handling right now. */
	public int getInFlightCount() {
		return this.worker.inFlight();
	}

	/**
	 * How many events the container holds: fetched and waiting for a worker, or being
	 * handled.
	 */
	public int getHeldCount() {
		return this.buffer.held();
	}

	/**
	 * How many events the container may hold at once now (its current prefetch limit).
	 */
	public int getPrefetchLimit() {
		return this.fetcher.prefetchLimit();
	}

	/**
	 * Binds the consumer (creating it if the listener owns it) and starts the fetcher and
	 * the workers. If the server does not answer, the container starts
	 * {@link ListenerState#RECOVERING recovering} and binds as soon as it can.
	 * @throws io.windshift.events.WindshiftException if the consumer cannot be bound for
	 * good (no such stream, a definition the server refuses)
	 */
	public void start() {
		synchronized (this.monitor) {
			if (this.running) {
				return;
			}
			boolean bound = this.binding.bind();
			int current = ++this.generation;
			this.running = true;
			this.state = !bound ? ListenerState.RECOVERING : this.paused ? ListenerState.PAUSED : ListenerState.RUNNING;
			this.workersDone = new CountDownLatch(this.concurrency + 1);
			CountDownLatch done = this.workersDone;
			for (int i = 0; i < this.concurrency; i++) {
				this.workers.execute(() -> this.worker.run(current, done));
			}
			this.workers.execute(() -> this.fetcher.run(current, done));
			long interval = this.settings.checkInterval().toMillis();
			this.supervision = this.supervisor.scheduleWithFixedDelay(this::check, interval, interval,
					TimeUnit.MILLISECONDS);
			logger.debug("Started listener '" + this.listenerId + "' on " + this.binding.describe());
		}
	}

	/**
	 * Stops the container and deletes its ephemeral consumer, if it has one (at
	 * application shutdown: the next instance gets its own).
	 */
	public void destroy() {
		stop();
		this.binding.release();
	}

	/**
	 * Stops fetching, lets in-flight events finish (up to the shutdown timeout) and
	 * settles them; buffered events not yet handed to the method are rejected for
	 * immediate redelivery (and events the server still sends are too); events not
	 * handled are never acknowledged.
	 */
	public void stop() {
		CountDownLatch done;
		synchronized (this.monitor) {
			if (!this.running) {
				return;
			}
			this.running = false;
			this.buffer.wakeUp();
			if (this.supervision != null) {
				this.supervision.cancel(false);
			}
			done = this.workersDone;
			this.buffer.stopWorkers(this.concurrency);
		}
		try {
			Duration timeout = this.settings.shutdownTimeout().plus(this.settings.pollTimeout());
			if (done != null && !done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn("Listener '" + this.listenerId + "' stopped with " + this.worker.inFlight()
						+ " event(s) still being handled after " + this.settings.shutdownTimeout()
						+ "; unsettled ones are redelivered after the processing timeout");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		synchronized (this.monitor) {
			if (!this.running) {
				this.buffer.releaseAll();
				this.state = ListenerState.STOPPED;
			}
		}
		// nothing held any more: another instance may take over the pinned group's keys
		// at once
		this.binding.unpin();
		// the last acks and rejections are fire-and-forget: send them before the
		// connection may close
		this.binding.flush(this.settings.pollTimeout());
	}

	/**
	 * Stops as {@link #stop()} does, on one of the container's own threads, and runs the
	 * callback when done: the registry stops all containers at once this way.
	 */
	@Override
	public void stop(Runnable callback) {
		this.workers.execute(() -> {
			try {
				stop();
			}
			finally {
				callback.run();
			}
		});
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
			this.buffer.wakeUp();
		}
	}

	/** Whether the container still runs the given generation of fetcher and workers. */
	private boolean isCurrent(int myGeneration) {
		return this.running && this.generation == myGeneration;
	}

	private void requestCheck() {
		if (this.checkPending.compareAndSet(false, true)) {
			this.supervisor.execute(this::check);
		}
	}

	/**
	 * Checks the consumer; recreates it if the server lost it. Runs on the supervisor
	 * thread.
	 */
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

	@Override
	public String toString() {
		return "WindshiftListenerContainer[" + this.listenerId + ", " + this.state + "]";
	}

	/** Makes the handler once the container's suppliers exist. */
	@FunctionalInterface
	interface HandlerFactory {

		ListenerEventHandler create(java.util.function.LongSupplier maxDeliveryAttempts);

	}

}
