package io.windshift.listener;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.jspecify.annotations.Nullable;

import io.windshift.events.Event;
import io.windshift.events.OutgoingEvent;
import io.windshift.events.WindshiftException;
import io.windshift.events.WindshiftTemplate;

/**
 * Publishes the {@link OutgoingEvent}s a listener method returned, each confirmed by the
 * server before the source events are acknowledged. An event without an idempotency key
 * gets one derived from its source: {@code <stream>:<id>:<listener id>}, so that a
 * redelivered source event publishes nothing twice within the target stream's
 * deduplication window. For a batch, the i-th returned event derives its key from the
 * i-th event of the batch; events beyond the batch's size from its last event, with
 * {@code :<i>} appended.
 */
final class EventForwarder {

	private final WindshiftTemplate template;

	private final String listenerId;

	EventForwarder(WindshiftTemplate template, String listenerId) {
		this.template = template;
		this.listenerId = listenerId;
	}

	/** The idempotency key derived from a source event. */
	static String key(Event<?> source, String listenerId) {
		return source.stream() + ":" + source.id() + ":" + listenerId;
	}

	/**
	 * Publishes what a single-event listener returned ({@code null}: nothing) and waits
	 * for the server.
	 * @throws WindshiftException if it was not stored
	 */
	void forward(@Nullable Object returned, Event<?> source) {
		if (returned instanceof OutgoingEvent event) {
			this.template.publish(keyed(event, source, ""));
		}
	}

	/**
	 * Publishes what a batch listener returned ({@code null} or empty: nothing), all at
	 * once, and waits until the server has stored every one.
	 * @throws WindshiftException if one was not stored (the others may have been)
	 */
	void forwardAll(@Nullable Object returned, List<? extends Event<?>> sources) {
		if (!(returned instanceof List<?> events) || events.isEmpty() || sources.isEmpty()) {
			return;
		}
		List<CompletableFuture<?>> published = new ArrayList<>(events.size());
		for (int i = 0; i < events.size(); i++) {
			if (events.get(i) instanceof OutgoingEvent event) {
				Event<?> source = sources.get(Math.min(i, sources.size() - 1));
				published.add(this.template.publishAsync(keyed(event, source, (i < sources.size()) ? "" : ":" + i)));
			}
		}
		for (CompletableFuture<?> future : published) {
			await(future);
		}
	}

	private OutgoingEvent keyed(OutgoingEvent event, Event<?> source, String suffix) {
		return (event.idempotencyKey() != null) ? event
				: event.withIdempotencyKey(key(source, this.listenerId) + suffix);
	}

	private static void await(CompletableFuture<?> future) {
		try {
			future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new WindshiftException("Interrupted while forwarding events", ex);
		}
		catch (ExecutionException | CompletionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new WindshiftException("Could not forward an event: " + cause.getMessage(), cause);
		}
	}

}
