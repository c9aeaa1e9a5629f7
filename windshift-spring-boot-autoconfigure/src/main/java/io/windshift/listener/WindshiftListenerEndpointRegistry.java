package io.windshift.listener;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import io.windshift.admin.WindshiftDeclarations;
import io.windshift.events.WindshiftException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * Holds a {@link WindshiftListenerContainer} per registered endpoint and runs them with the application: it
 * starts after streams and consumers are declared, and on shutdown stops all containers in parallel
 * (gracefully, see {@link WindshiftListenerContainer#stop()}). Containers can also be paused, resumed,
 * stopped and started by listener id.
 */
public class WindshiftListenerEndpointRegistry implements SmartLifecycle, DisposableBean {

	/** The lifecycle phase: after the startup declarations of streams and consumers, early in shutdown. */
	public static final int PHASE = WindshiftDeclarations.PHASE + 100;

	private final ListenerContainerFactory factory;

	private final Map<String, WindshiftListenerEndpoint> endpoints = new LinkedHashMap<>();

	private final Map<String, WindshiftListenerContainer> containers = new LinkedHashMap<>();

	private volatile boolean running;

	public WindshiftListenerEndpointRegistry(ListenerContainerFactory factory) {
		this.factory = factory;
	}

	/**
	 * Registers an endpoint; its container is made right away, and started with the registry.
	 * @throws IllegalStateException if another endpoint has the same id
	 */
	public void registerEndpoint(WindshiftListenerEndpoint endpoint) {
		WindshiftListenerContainer container;
		synchronized (this.containers) {
			WindshiftListenerEndpoint existing = this.endpoints.get(endpoint.id());
			if (existing != null) {
				throw new IllegalStateException("Duplicate listener id '" + endpoint.id() + "': " + endpoint.describe()
						+ " and " + existing.describe());
			}
			container = this.factory.createContainer(endpoint);
			this.endpoints.put(endpoint.id(), endpoint);
			this.containers.put(endpoint.id(), container);
		}
		if (this.running && container.isAutoStartup()) {
			startContainer(container);
		}
	}

	/** The container of a listener, or {@code null}. */
	public @Nullable WindshiftListenerContainer getListenerContainer(String id) {
		synchronized (this.containers) {
			return this.containers.get(id);
		}
	}

	/** All containers, in registration order. */
	public Collection<WindshiftListenerContainer> getListenerContainers() {
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

	/** Starts a listener's container. */
	public void start(String id) {
		startContainer(container(id));
	}

	private void startContainer(WindshiftListenerContainer container) {
		try {
			container.start();
		}
		catch (RuntimeException ex) {
			throw new WindshiftException(
					"Listener '" + container.getListenerId() + "' could not start: " + ex.getMessage(), ex);
		}
	}

	/** Stops a listener's container gracefully. */
	public void stop(String id) {
		container(id).stop();
	}

	/** Pauses a listener: it stops fetching and finishes what it handles. */
	public void pause(String id) {
		container(id).pause();
	}

	/** Resumes a paused listener. */
	public void resume(String id) {
		container(id).resume();
	}

	private WindshiftListenerContainer container(String id) {
		WindshiftListenerContainer container = getListenerContainer(id);
		if (container == null) {
			throw new IllegalArgumentException("No listener with id '" + id + "'; known: " + getListenerContainerIds());
		}
		return container;
	}

	@Override
	public void start() {
		WorkQueueListeners.check(getListenerContainers(), this.factory.admin());
		for (WindshiftListenerContainer container : getListenerContainers()) {
			if (container.isAutoStartup()) {
				startContainer(container);
			}
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		List<CompletableFuture<Void>> stops = new ArrayList<>();
		for (WindshiftListenerContainer container : getListenerContainers()) {
			stops.add(CompletableFuture.runAsync(container::stop, (task) -> {
				Thread thread = new Thread(task, "windshift-listener-stop-" + container.getListenerId());
				thread.start();
			}));
		}
		CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	@Override
	public void destroy() {
		stop();
		for (WindshiftListenerContainer container : getListenerContainers()) {
			container.destroy();
		}
	}

}
