package io.windshift.listener;

import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import io.windshift.events.PermissionViolations;
import io.windshift.events.WindshiftTemplate;

/**
 * What the application context contributes to a {@link ListenerContainerFactory}: bean
 * lookups (reject policies, ordering keys, declared consumers), the observers, the
 * permission violations of the connection, the dead-letter stream and the template that
 * forwards returned events. The auto-configuration makes one and
 * {@code WindshiftListenerContainerFactoryConfigurer} applies it to every factory it
 * configures (a user-built one too): call the configurer rather than this class, which is
 * public only because the auto-configuration lives in another package and may change
 * without notice.
 */
public final class ListenerContainerWiring {

	private final Function<String, RejectPolicy> rejectPolicies;

	private final Function<String, OrderingKey> orderingKeys;

	private final ListenerObserver observer;

	private final ListenerContainerFactory.DeclaredConsumers declaredConsumers;

	private final @Nullable PermissionViolations permissionViolations;

	private final @Nullable DeadLetterStream deadLetterStream;

	private final @Nullable WindshiftTemplate template;

	/**
	 * The wiring of the given application context's parts.
	 * @param rejectPolicies looks up reject policies by bean name
	 * @param orderingKeys looks up {@link OrderingKey} beans by name (for
	 * {@code orderBy})
	 * @param observers the observers, in order
	 * @param declaredConsumers finds consumers declared elsewhere (beans, configuration):
	 * a listener naming one binds it as it is, and recreates it from that declaration if
	 * the server loses it
	 * @param permissionViolations the permission violations the server reports on the
	 * connection: with them, a listener on a consumer the NATS user may not use reports a
	 * permission error instead of a timeout
	 * @param deadLetterStream the default home of dead letters, for listeners without a
	 * dead-letter subject when there is no default subject; {@code null} (dead letters
	 * off): such listeners terminate the events they give up
	 * @param template publishes the events listener methods return (forwarding)
	 */
	public ListenerContainerWiring(Function<String, RejectPolicy> rejectPolicies,
			Function<String, OrderingKey> orderingKeys, List<ListenerObserver> observers,
			ListenerContainerFactory.DeclaredConsumers declaredConsumers,
			@Nullable PermissionViolations permissionViolations, @Nullable DeadLetterStream deadLetterStream,
			@Nullable WindshiftTemplate template) {
		this.rejectPolicies = rejectPolicies;
		this.orderingKeys = orderingKeys;
		this.observer = CompositeListenerObserver.of(observers);
		this.declaredConsumers = declaredConsumers;
		this.permissionViolations = permissionViolations;
		this.deadLetterStream = deadLetterStream;
		this.template = template;
	}

	/** Nothing from an application context: no beans to look up, no observers. */
	static ListenerContainerWiring none() {
		return new ListenerContainerWiring((name) -> {
			throw new IllegalStateException("No reject policy bean named '" + name + "'");
		}, (name) -> {
			throw new IllegalStateException("No OrderingKey bean named '" + name + "'");
		}, List.of(), (stream, name) -> null, null, null, null);
	}

	/** Applies this wiring to the factory, replacing what it had. */
	public void applyTo(ListenerContainerFactory factory) {
		factory.setWiring(this);
	}

	Function<String, RejectPolicy> rejectPolicies() {
		return this.rejectPolicies;
	}

	Function<String, OrderingKey> orderingKeys() {
		return this.orderingKeys;
	}

	ListenerObserver observer() {
		return this.observer;
	}

	ListenerContainerFactory.DeclaredConsumers declaredConsumers() {
		return this.declaredConsumers;
	}

	@Nullable PermissionViolations permissionViolations() {
		return this.permissionViolations;
	}

	@Nullable DeadLetterStream deadLetterStream() {
		return this.deadLetterStream;
	}

	@Nullable WindshiftTemplate template() {
		return this.template;
	}

}
