package io.windshift.listener;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.windshift.events.Event;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

/**
 * Watches the listener containers and publishes what they do not announce themselves:
 * {@link ListenerContainerRecoveringEvent} and {@link ListenerContainerRecoveredEvent}
 * when a container's state changes, and {@link ListenerContainerIdleEvent} when a running
 * container has handled no event for the idle interval. As a {@link ListenerObserver} it
 * hears every outcome, so it knows when each listener last handled an event. Checks run
 * on one scheduler thread at a fixed interval.
 */
public class ListenerContainerMonitor implements ListenerObserver, SmartLifecycle, ApplicationEventPublisherAware {

	private final Supplier<? extends Collection<? extends ListenerContainer>> containers;

	private final @Nullable Duration idleInterval;

	private final Duration checkInterval;

	private final Clock clock;

	private final Map<String, Watched> watched = new ConcurrentHashMap<>();

	private @Nullable ApplicationEventPublisher publisher;

	private @Nullable SimpleAsyncTaskScheduler scheduler;

	/**
	 * A monitor of the registry's containers.
	 * @param containers the containers to watch (those of the registry)
	 * @param idleInterval how long a running container may go without an event before an
	 * idle event, or {@code null} for no idle events
	 */
	public ListenerContainerMonitor(Supplier<? extends Collection<? extends ListenerContainer>> containers,
			@Nullable Duration idleInterval) {
		this(containers, idleInterval, Clock.systemUTC());
	}

	ListenerContainerMonitor(Supplier<? extends Collection<? extends ListenerContainer>> containers,
			@Nullable Duration idleInterval, Clock clock) {
		this.containers = containers;
		this.idleInterval = idleInterval;
		Duration second = Duration.ofSeconds(1);
		this.checkInterval = (idleInterval != null && idleInterval.dividedBy(4).compareTo(second) < 0)
				? idleInterval.dividedBy(4) : second;
		this.clock = clock;
	}

	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public void outcome(String listenerId, Event<?> event, Outcome outcome, @Nullable Throwable failure) {
		Watched watched = this.watched.get(listenerId);
		if (watched != null) {
			watched.lastEventMillis = this.clock.millis();
		}
	}

	/** Checks every container once: state changes and idleness. */
	void check() {
		long now = this.clock.millis();
		for (ListenerContainer container : this.containers.get()) {
			Watched watched = this.watched.computeIfAbsent(container.getListenerId(), (id) -> new Watched(now));
			ListenerState state = container.getState();
			ListenerState previous = watched.state;
			watched.state = state;
			if (state == ListenerState.RECOVERING && previous != ListenerState.RECOVERING) {
				publish(new ListenerContainerRecoveringEvent(container));
			}
			else if (previous == ListenerState.RECOVERING
					&& (state == ListenerState.RUNNING || state == ListenerState.PAUSED)) {
				publish(new ListenerContainerRecoveredEvent(container));
			}
			if (state != ListenerState.RUNNING) {
				watched.lastEventMillis = now;
				watched.lastIdleMillis = 0;
				continue;
			}
			Duration idle = Duration.ofMillis(now - watched.lastEventMillis);
			if (this.idleInterval != null && idle.compareTo(this.idleInterval) >= 0 && now
					- Math.max(watched.lastIdleMillis, watched.lastEventMillis) >= this.idleInterval.toMillis()) {
				watched.lastIdleMillis = now;
				publish(new ListenerContainerIdleEvent(container, idle));
			}
		}
	}

	private void publish(ListenerContainerEvent event) {
		ApplicationEventPublisher publisher = this.publisher;
		if (publisher != null) {
			publisher.publishEvent(event);
		}
	}

	@Override
	public void start() {
		synchronized (this.watched) {
			if (this.scheduler == null) {
				SimpleAsyncTaskScheduler scheduler = new SimpleAsyncTaskScheduler();
				scheduler.setThreadNamePrefix("windshift-listener-monitor-");
				scheduler.scheduleWithFixedDelay(this::check, this.checkInterval);
				this.scheduler = scheduler;
			}
		}
	}

	@Override
	public void stop() {
		synchronized (this.watched) {
			if (this.scheduler != null) {
				this.scheduler.close();
				this.scheduler = null;
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

	/** Starts with the listeners. */
	@Override
	public int getPhase() {
		return WindshiftListenerEndpointRegistry.PHASE;
	}

	private static final class Watched {

		volatile @Nullable ListenerState state;

		volatile long lastEventMillis;

		volatile long lastIdleMillis;

		Watched(long now) {
			this.lastEventMillis = now;
		}

	}

}
