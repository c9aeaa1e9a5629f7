package io.windshift.listener;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.windshift.events.Event;

/**
 * Applies several {@link ListenerObserver}s in order: the first wraps the others.
 */
final class CompositeListenerObserver implements ListenerObserver {

	private final List<ListenerObserver> observers;

	private CompositeListenerObserver(List<ListenerObserver> observers) {
		this.observers = List.copyOf(observers);
	}

	static ListenerObserver of(List<ListenerObserver> observers) {
		return (observers.size() == 1) ? observers.get(0) : new CompositeListenerObserver(observers);
	}

	@Override
	public void invoke(String listenerId, Event<?> event, Invocation invocation) throws Throwable {
		invokeFrom(0, listenerId, event, invocation);
	}

	private void invokeFrom(int index, String listenerId, Event<?> event, Invocation invocation) throws Throwable {
		if (index == this.observers.size()) {
			invocation.proceed();
			return;
		}
		this.observers.get(index).invoke(listenerId, event, () -> invokeFrom(index + 1, listenerId, event, invocation));
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
	public void outcome(String listenerId, Event<?> event, Outcome outcome, @Nullable Throwable failure) {
		// indexed: called for every event, an iterator each time is garbage
		for (int i = 0; i < this.observers.size(); i++) {
			this.observers.get(i).outcome(listenerId, event, outcome, failure);
		}
	}

}
