package io.windshift.listener;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.windshift.events.Event;

/**
 * Applies several {@link ListenerObserver}s in order: the first wraps the others.
 */
final class CompositeListenerObserver implements ListenerObserver {

	private final List<ListenerObserver> observers;

	/**
	 * The observers that wrap single invocations (those that only hear outcomes are left
	 * out: no wrapper per event and observer for them).
	 */
	private final List<ListenerObserver> invokers;

	private CompositeListenerObserver(List<ListenerObserver> observers) {
		this.observers = List.copyOf(observers);
		this.invokers = this.observers.stream().filter(CompositeListenerObserver::wrapsInvocations).toList();
	}

	private static boolean wrapsInvocations(ListenerObserver observer) {
		try {
			return observer.getClass()
				.getMethod("invoke", String.class, Event.class, Invocation.class)
				.getDeclaringClass() != ListenerObserver.class;
		}
		catch (NoSuchMethodException ex) {
			return true;
		}
	}

	static ListenerObserver of(List<ListenerObserver> observers) {
		return (observers.size() == 1) ? observers.get(0) : new CompositeListenerObserver(observers);
	}

	@Override
	public void invoke(String listenerId, Event<?> event, Invocation invocation) throws Throwable {
		invokeFrom(0, listenerId, event, invocation);
	}

	private void invokeFrom(int index, String listenerId, Event<?> event, Invocation invocation) throws Throwable {
		if (index == this.invokers.size()) {
			invocation.proceed();
			return;
		}
		if (index == this.invokers.size() - 1) {
			this.invokers.get(index).invoke(listenerId, event, invocation);
			return;
		}
		this.invokers.get(index).invoke(listenerId, event, () -> invokeFrom(index + 1, listenerId, event, invocation));
	}

	@Override
	public void invokeBatch(String listenerId, List<? extends Event<?>> events, Invocation invocation)
			throws Throwable {
		invokeBatchFrom(0, listenerId, events, invocation);
	}

	private void invokeBatchFrom(int index, String listenerId, List<? extends Event<?>> events, Invocation invocation)
			throws Throwable {
		if (index == this.observers.size()) {
			invocation.proceed();
			return;
		}
		this.observers.get(index)
			.invokeBatch(listenerId, events, () -> invokeBatchFrom(index + 1, listenerId, events, invocation));
	}

	@Override
	public void inScope(String listenerId, Event<?> event, Runnable action) {
		inScopeFrom(0, listenerId, event, action);
	}

	private void inScopeFrom(int index, String listenerId, Event<?> event, Runnable action) {
		if (index == this.observers.size()) {
			action.run();
			return;
		}
		this.observers.get(index).inScope(listenerId, event, () -> inScopeFrom(index + 1, listenerId, event, action));
	}

	@Override
	public void outcome(String listenerId, Event<?> event, Outcome outcome, @Nullable Throwable failure) {
		// indexed: called for every event, an iterator each time is garbage
		for (int i = 0; i < this.observers.size(); i++) {
			this.observers.get(i).outcome(listenerId, event, outcome, failure);
		}
	}

}
