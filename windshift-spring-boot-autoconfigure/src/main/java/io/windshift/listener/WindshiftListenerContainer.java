package io.windshift.listener;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.nats.client.ConsumerContext;
import io.nats.client.Message;
import io.nats.client.api.ConsumerInfo;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.TaskExecutor;

/**
 * Runs one listener: {@code concurrency} workers, each pulling one event at a time from the consumer (so no
 * event waits in a prefetch buffer while its processing timeout runs) and handing it to the listener
 * method. A supervisor checks the consumer periodically and after fetch failures, and recreates it when the
 * server lost it. Made by {@link ListenerContainerFactory}; managed by {@link WindshiftListenerEndpointRegistry}.
 */
public class WindshiftListenerContainer {

	private static final Log logger = LogFactory.getLog(WindshiftListenerContainer.class);

	private static final long FAILURE_BACKOFF_MILLIS = 250;

	private final String listenerId;

	private final ConsumerBinding binding;

	private final ListenerEventHandler handler;

	private final int concurrency;

	private final boolean autoStartup;

	private final TaskExecutor workers;

	private final ScheduledExecutorService supervisor;

	private final ContainerSettings settings;

	private final Object monitor = new Object();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicBoolean checkPending = new AtomicBoolean();

	private volatile ListenerState state = ListenerState.STOPPED;

	private volatile boolean running;

	private volatile boolean paused;

	private volatile int generation;

	private @Nullable CountDownLatch workersDone;

	private @Nullable ScheduledFuture<?> supervision;

	WindshiftListenerContainer(String listenerId, ListenerConsumer consumer, HandlerFactory handlerFactory,
			int concurrency, boolean autoStartup, TaskExecutor workers, ScheduledExecutorService supervisor,
			ContainerSettings settings) {
		this.listenerId = listenerId;
		this.binding = new ConsumerBinding(listenerId, consumer);
		this.handler = handlerFactory.create(this::pingInterval, this.binding::maxDeliveries);
		this.concurrency = concurrency;
		this.autoStartup = autoStartup;
		this.workers = workers;
		this.supervisor = supervisor;
		this.settings = settings;
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

	/**
	 * Binds the consumer (creating it if the listener owns it) and starts the workers. If the server does not
	 * answer, the container starts {@link ListenerState#RECOVERING recovering} and binds as soon as it can.
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
			this.workersDone = new CountDownLatch(this.concurrency);
			CountDownLatch done = this.workersDone;
			for (int i = 0; i < this.concurrency; i++) {
				this.workers.execute(() -> work(current, done));
			}
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
	 * Stops fetching, lets in-flight events finish (up to the shutdown timeout) and settles them; events not
	 * handled are left to be redelivered.
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
				this.state = ListenerState.STOPPED;
			}
		}
	}

	/** Stops fetching; events being handled are finished. */
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

	private void work(int myGeneration, CountDownLatch done) {
		try {
			while (this.running && this.generation == myGeneration && !Thread.currentThread().isInterrupted()) {
				if (this.paused) {
					await(this.settings.pollTimeout().toMillis());
					continue;
				}
				Message message = fetch();
				if (message == null) {
					continue;
				}
				if (!this.running) {
					message.nak();
					continue;
				}
				this.inFlight.incrementAndGet();
				try {
					this.handler.handle(message);
				}
				catch (RuntimeException ex) {
					logger.error("Listener '" + this.listenerId + "' could not handle an event", ex);
				}
				finally {
					this.inFlight.decrementAndGet();
				}
			}
		}
		finally {
			done.countDown();
		}
	}

	private @Nullable Message fetch() {
		ConsumerContext current = this.binding.context();
		if (current == null) {
			await(FAILURE_BACKOFF_MILLIS);
			return null;
		}
		try {
			return current.next(this.settings.pollTimeout());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		catch (Exception ex) {
			logger.debug("Listener '" + this.listenerId + "' could not fetch: " + ex);
			requestCheck();
			await(FAILURE_BACKOFF_MILLIS);
			return null;
		}
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

		ListenerEventHandler create(java.util.function.Supplier<Duration> pingInterval,
				java.util.function.LongSupplier maxDeliveryAttempts);

	}

	/**
	 * Timing of a container.
	 *
	 * @param pollTimeout how long one fetch waits for an event
	 * @param shutdownTimeout how long stopping waits for in-flight events
	 * @param checkInterval how often the consumer is checked
	 * @param pingInterval a fixed auto-ping interval, or {@code null} for a fraction of the processing timeout
	 * @param pingFraction the fraction of the processing timeout between pings
	 */
	record ContainerSettings(Duration pollTimeout, Duration shutdownTimeout, Duration checkInterval,
			@Nullable Duration pingInterval, double pingFraction) {
	}

}
