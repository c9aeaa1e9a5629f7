package io.windshift.listener;

/**
 * Called for every listener container once it is made, before it starts: beans of this
 * type are applied by the {@link WindshiftListenerEndpointRegistry} in order. A
 * customizer can, for example, keep some listeners paused until the application is ready
 * for them.
 */
@FunctionalInterface
public interface ListenerContainerCustomizer {

	/** Customizes a container that has not started yet. */
	void customize(ListenerContainer container);

}
