package io.windshift.listener;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.windshift.events.WindshiftException;
import io.windshift.events.WindshiftLifecycle;
import io.windshift.events.WindshiftPhases;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Holds a {@link ListenerContainer} per registered endpoint and runs them with the
 * application: it starts after streams and consumers are declared, and on shutdown stops
 * all containers at once through {@link ListenerContainer#stop(Runnable)} (gracefully,
 * see {@link WindshiftListenerContainer#stop()}). Containers can also be paused, resumed,
 * stopped and started by listener id.
 * <p>
 * An endpoint naming a {@link WindshiftListenerEndpoint#containerFactory() container
 * factory} gets its container from that factory, the others from the default one. Every
 * {@link ListenerContainerCustomizer} sees each container before it starts. A container
 * that cannot start is handled per the {@link StartupFailurePolicy}. Started, stopped and
 * failed-to-start containers are announced as {@link ListenerContainerEvent}s.
 */
public class WindshiftListenerEndpointRegistry extends WindshiftLifecycle
		implements DisposableBean, ApplicationEventPublisherAware {

	/**
	 * The lifecycle phase: after the startup declarations of streams and consumers, early
	 * in shutdown.
	 */
	public static final int PHASE = WindshiftPhases.LISTENERS;

	private static final Log logger = LogFactory.getLog(WindshiftListenerEndpointRegistry.class);

	private final ListenerContainerFactory factory;

	private final Map<String, WindshiftListenerEndpoint> endpoints = new LinkedHashMap<>();

	private final Map<String, ListenerContainer> containers = new LinkedHashMap<>();

	private Function<String, ListenerContainerFactory> containerFactories = (name) -> {
		throw new IllegalStateException("No container factories are known");
	};

	private List<ListenerContainerCustomizer> customizers = List.of();

	private StartupFailurePolicy startupFailurePolicy = StartupFailurePolicy.FAIL;

	private BackOff startupRetryBackOff = new ExponentialBackOff(1000, 2);

	private @Nullable ApplicationEventPublisher eventPublisher;

	private @Nullable SimpleAsyncTaskScheduler retryScheduler;

	public WindshiftListenerEndpointRegistry(ListenerContainerFactory factory) {
		super(PHASE);
		this.factory = factory;
	}

	/**
	 * Registers an endpoint; its container is made right away, and started with the
	 * registry.
	 * @throws IllegalStateException if another endpoint has the same id, or takes another
	 * type on the same durable consumer
	 * @throws IllegalArgumentException if the endpoint names a container factory that
	 * does not exist
	 */
	public void registerEndpoint(WindshiftListenerEndpoint endpoint) {
		ListenerContainer container;
		synchronized (this.containers) {
			WindshiftListenerEndpoint existing = this.endpoints.get(endpoint.id());
			if (existing != null) {
				throw new IllegalStateException("Duplicate listener id '" + endpoint.id() + "': " + endpoint.describe()
						+ " and " + existing.describe());
			}
			ListenerStartupChecks.checkConsumerSharing(endpoint, this.endpoints.values());
			container = factoryFor(endpoint).createContainer(endpoint);
			this.customizers.forEach((customizer) -> customizer.customize(container));
			this.endpoints.put(endpoint.id(), endpoint);
			this.containers.put(endpoint.id(), container);
		}
		if (isRunning() && container.isAutoStartup()) {
			startOnStartup(container);
		}
	}

	private ListenerContainerFactory factoryFor(WindshiftListenerEndpoint endpoint) {
		String name = endpoint.containerFactory();
		if (name == null) {
			return this.factory;
		}
		try {
			return this.containerFactories.apply(name);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("Invalid listener " + endpoint.describe()
					+ ": no ListenerContainerFactory bean named '" + name + "' (" + ex.getMessage() + ")", ex);
		}
	}

	/** Looks up the container factories that endpoints name, by bean name. */
	public void setContainerFactories(Function<String, ListenerContainerFactory> containerFactories) {
		this.containerFactories = containerFactories;
	}

	/** The customizers applied to every container before it starts, in order. */
	public void setContainerCustomizers(List<ListenerContainerCustomizer> customizers) {
		this.customizers = List.copyOf(customizers);
	}

	/**
	 * What happens when a container cannot start with the application; {@code FAIL} by
	 * default.
	 */
	public void setStartupFailurePolicy(StartupFailurePolicy startupFailurePolicy) {
		this.startupFailurePolicy = startupFailurePolicy;
	}

	/**
	 * The delays between attempts under {@link StartupFailurePolicy#RETRY}; exponential
	 * from 1 s by default.
	 */
	public void setStartupRetryBackOff(BackOff startupRetryBackOff) {
		this.startupRetryBackOff = startupRetryBackOff;
	}

	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher eventPublisher) {
		this.eventPublisher = eventPublisher;
	}

	/** The container of a listener, or {@code null}. */
	public @Nullable ListenerContainer getListenerContainer(String id) {
		synchronized (this.containers) {
			return this.containers.get(id);
		}
	}

	/** All containers, in registration order. */
	public Collection<ListenerContainer> getListenerContainers() {
		synchronized (this.containers) {
			return Collections.unmodifiableList(new ArrayList<>(this.containers.values()));
		}
	}

	/** The ids of all listeners. */
	public Set<String> getListenerContainerIds() {
		synchronized (this.containers) {
			return Set.copyOf(this.containers.keySet());
		}
	}

	/** The state of a listener. */
	public ListenerState getState(String id) {
		return container(id).getState();
	}

	/**
	 * Starts a listener's container.
	 * @throws WindshiftException if it cannot start, whatever the startup-failure policy
	 */
	public void start(String id) {
		startContainer(container(id));
	}

	private void startContainer(ListenerContainer container) {
		try {
			container.start();
		}
		catch (RuntimeException ex) {
			WindshiftException failure = new WindshiftException(
					"Listener '" + container.getListenerId() + "' could not start: " + ex.getMessage(), ex);
			publish(new ListenerContainerFailedToStartEvent(container, failure));
			throw failure;
		}
		publish(new ListenerContainerStartedEvent(container));
	}

	/** Starts a container with the application, applying the startup-failure policy. */
	private void startOnStartup(ListenerContainer container) {
		try {
			startContainer(container);
		}
		catch (WindshiftException ex) {
			switch (this.startupFailurePolicy) {
				case FAIL -> throw ex;
				case CONTINUE -> logger.error(ex.getMessage() + "; the application goes on without it", ex);
				case RETRY -> retryStart(container, this.startupRetryBackOff.start(), ex);
			}
		}
	}

	private void retryStart(ListenerContainer container, BackOffExecution backOff, Exception failure) {
		long delay = backOff.nextBackOff();
		if (delay == BackOffExecution.STOP) {
			logger.error(failure.getMessage() + "; no more attempts", failure);
			return;
		}
		logger.warn(failure.getMessage() + "; trying again in " + delay + " ms");
		retryScheduler().schedule(() -> {
			if (!isRunning() || container.isRunning()) {
				return;
			}
			try {
				startContainer(container);
				logger.info("Listener '" + container.getListenerId() + "' started after retrying");
			}
			catch (WindshiftException ex) {
				retryStart(container, backOff, ex);
			}
		}, Instant.now().plusMillis(delay));
	}

	private SimpleAsyncTaskScheduler retryScheduler() {
		synchronized (this.containers) {
			if (this.retryScheduler == null) {
				SimpleAsyncTaskScheduler scheduler = new SimpleAsyncTaskScheduler();
				scheduler.setThreadNamePrefix("windshift-listener-retry-");
				this.retryScheduler = scheduler;
			}
			return this.retryScheduler;
		}
	}

	/** Stops a listener's container gracefully. */
	public void stop(String id) {
		ListenerContainer container = container(id);
		boolean wasRunning = container.isRunning();
		container.stop();
		if (wasRunning) {
			publish(new ListenerContainerStoppedEvent(container));
		}
	}

	private void publish(ApplicationEvent event) {
		ApplicationEventPublisher publisher = this.eventPublisher;
		if (publisher != null) {
			try {
				publisher.publishEvent(event);
			}
			catch (RuntimeException ex) {
				logger.warn("Publishing " + event + " failed", ex);
			}
		}
	}

	/** Pauses a listener: it stops fetching and finishes what it handles. */
	public void pause(String id) {
		container(id).pause();
	}

	/** Resumes a paused listener. */
	public void resume(String id) {
		container(id).resume();
	}

	private ListenerContainer container(String id) {
		ListenerContainer container = getListenerContainer(id);
		if (container == null) {
			throw new IllegalArgumentException("No listener with id '" + id + "'; known: " + getListenerContainerIds());
		}
		return container;
	}

	@Override
	public void start() {
		WorkQueueListeners.check(getListenerContainers(), this.factory.admin());
		setRunning(true);
		for (ListenerContainer container : getListenerContainers()) {
			if (container.isAutoStartup()) {
				startOnStartup(container);
			}
		}
	}

	/** Stops every container at once and waits until all have stopped. */
	@Override
	public void stop() {
		CountDownLatch stopped = new CountDownLatch(1);
		stop(stopped::countDown);
		try {
			stopped.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Stops every container at once, each on its own threads
	 * ({@link ListenerContainer#stop(Runnable)}), and runs the callback when the last one
	 * has stopped.
	 */
	@Override
	public void stop(Runnable callback) {
		setRunning(false);
		List<ListenerContainer> running = getListenerContainers().stream()
			.filter(ListenerContainer::isRunning)
			.toList();
		if (running.isEmpty()) {
			callback.run();
			return;
		}
		AtomicInteger remaining = new AtomicInteger(running.size());
		for (ListenerContainer container : running) {
			container.stop(() -> {
				publish(new ListenerContainerStoppedEvent(container));
				if (remaining.decrementAndGet() == 0) {
					callback.run();
				}
			});
		}
	}

	@Override
	public void destroy() {
		stop();
		for (ListenerContainer container : getListenerContainers()) {
			if (container instanceof WindshiftListenerContainer single) {
				single.destroy();
			}
		}
		SimpleAsyncTaskScheduler scheduler = this.retryScheduler;
		if (scheduler != null) {
			scheduler.close();
		}
	}

}
