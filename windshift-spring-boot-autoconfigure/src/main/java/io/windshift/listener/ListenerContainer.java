package io.windshift.listener;

import io.nats.client.api.ConsumerInfo;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * The container that runs one listener: binds its consumer, fetches events and hands them
 * to the listener method. Containers are not beans: the
 * {@link WindshiftListenerEndpointRegistry} makes one per endpoint (through a
 * {@link ListenerContainerFactory}), starts them with the application and stops them
 * through {@link #stop(Runnable)}. {@link ListenerContainerCustomizer} beans see each one
 * before it starts.
 */
public interface ListenerContainer extends SmartLifecycle {

	/** The id of the listener this container runs. */
	String getListenerId();

	/** What the container is doing now. */
	ListenerState getState();

	/** The stream the listener consumes. */
	String getStream();

	/**
	 * The name of the consumer in use (the server's name for an ephemeral one), or
	 * {@code null} if unbound.
	 */
	@Nullable String getConsumerName();

	/** How many workers handle events at once. */
	int getConcurrency();

	/** The consumer as the server last described it, or {@code null} if not known yet. */
	@Nullable ConsumerInfo getLastConsumerInfo();

	/** How many events the listener method is handling right now. */
	int getInFlightCount();

	/** Whether fetching is paused. */
	boolean isPaused();

	/** Stops fetching; events being handled and buffered ones are finished. */
	void pause();

	/** Fetches again after {@link #pause()}. */
	void resume();

}
