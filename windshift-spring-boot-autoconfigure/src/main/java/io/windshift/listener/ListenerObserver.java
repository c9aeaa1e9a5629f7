package io.windshift.listener;

import java.util.List;

import io.nats.client.Message;
import org.jspecify.annotations.Nullable;

import io.windshift.events.Event;
import io.windshift.events.JetStreamEvent;

/**
 * A seam for observation (tracing, metrics): wraps every invocation of a listener method
 * and hears every outcome. Beans of this type are applied by the container factory, in
 * order; the default does nothing.
 */
public interface ListenerObserver {

	/**
	 * Wraps one invocation; implementations must call {@link Invocation#proceed()}
	 * exactly once and rethrow what it throws.
	 */
	default void invoke(String listenerId, Event<?> event, Invocation invocation) throws Throwable {
		invocation.proceed();
	}

	/**
	 * Called once per delivered event with what became of it. A poison event (one that
	 * could not be decoded) comes as an {@code Event<byte[]>} holding the raw payload. By
	 * default this calls the deprecated
	 * {@link #outcome(String, Message, Outcome, Throwable)}, so observers written against
	 * it keep working.
	 * @param listenerId the listener
	 * @param event the delivered event
	 * @param outcome what became of it
	 * @param failure the failure that led to it, if any (for poison events, the decoding
	 * failure)
	 * @since 0.2
	 */
	default void outcome(String listenerId, Event<?> event, Outcome outcome, @Nullable Throwable failure) {
		if (event instanceof JetStreamEvent<?> delivered) {
			outcome(listenerId, delivered.message(), outcome, failure);
		}
	}

	/**
	 * Wraps one invocation of a batch listener with its events (in the order the method
	 * gets them); implementations must call {@link Invocation#proceed()} exactly once and
	 * rethrow what it throws. Each event's {@link #outcome} follows, as for single
	 * events.
	 */
	default void invokeBatch(String listenerId, List<? extends Event<?>> events, Invocation invocation)
			throws Throwable {
		invocation.proceed();
	}

	/**
	 * Runs what the container does about a failed event outside the listener method
	 * (logging a retry or give-up, dead-lettering, terminating) within the event's
	 * observation, so that its log lines carry the trace and span ids of the event's
	 * trace. By default runs it as is.
	 * @param listenerId the listener
	 * @param event the delivered event (not settled yet, unless the method threw after
	 * settling it)
	 * @param action what to run; observers must run it exactly once, on this thread
	 * @since 0.2
	 */
	default void inScope(String listenerId, Event<?> event, Runnable action) {
		action.run();
	}

	/**
	 * Called once per delivered message with what became of it.
	 * @param listenerId the listener
	 * @param message the NATS message
	 * @param outcome what became of it
	 * @param failure the failure that led to it, if any (for poison events, the decoding
	 * failure)
	 * @deprecated since 0.2 in favour of
	 * {@link #outcome(String, Event, Outcome, Throwable)}, which hands over the event
	 * with its metadata already read
	 */
	@Deprecated(since = "0.2")
	default void outcome(String listenerId, Message message, Outcome outcome, @Nullable Throwable failure) {
	}

	/** The invocation of a listener method. */
	@FunctionalInterface
	interface Invocation {

		void proceed() throws Throwable;

	}

	/** What became of a delivered message. */
	enum Outcome {

		/** Acknowledged. */
		ACKED,

		/** Rejected, to be redelivered. */
		REDELIVERED,

		/** Terminated without dead-lettering. */
		TERMINATED,

		/** Republished to the dead-letter subject, then terminated. */
		DEAD_LETTERED,

		/** Left unsettled: redelivered after the processing timeout. */
		UNSETTLED

	}

}
