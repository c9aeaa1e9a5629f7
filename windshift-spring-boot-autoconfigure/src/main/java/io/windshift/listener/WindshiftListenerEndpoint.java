package io.windshift.listener;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;

/**
 * One listener method with its resolved settings; {@code null} settings take the
 * container factory's defaults. Made from {@link WindshiftListener} by the annotation
 * post-processor, or by hand.
 * <p>
 * The canonical constructor stays public: a record's canonical constructor cannot be
 * narrowed. It gains a component whenever a listener setting is added (new ones go at the
 * end), so code that builds endpoints by hand must follow; prefer
 * {@link WindshiftListener} on a bean method or class, which keeps working across
 * versions.
 *
 * @param id the listener id, unique in the application
 * @param beanName the name of the bean declaring the method
 * @param bean the bean to invoke the method on
 * @param method the listener method (invocable on {@code bean})
 * @param stream the stream to consume
 * @param consumer the durable consumer name, or {@code null} for an ephemeral consumer
 * @param subjects filter subjects for a consumer created for the listener (empty: all)
 * @param processingTimeout the processing timeout for a created consumer
 * @param consumeFrom the start pointer for a created consumer ({@code new},
 * {@code start}, ...)
 * @param maxDeliveryAttempts the maximum deliveries for a created consumer
 * @param maxPendingEvents the maximum unsettled events for a created consumer
 * @param concurrency the number of workers
 * @param ackMode who settles events
 * @param deadLetterSubject where given-up events are republished
 * @param autoStartup whether the container starts with the application
 * @param rejectPolicy the name of a {@link RejectPolicy} bean
 * @param containerFactory the name of the {@link ListenerContainerFactory} bean that
 * makes the container, or {@code null} for the default one
 * @param handlers for a class-level listener, its {@link WindshiftHandler} methods
 * (invocable on {@code bean}); empty for a listener method
 * @param defaultHandler for a class-level listener, the handler for any other type, or
 * {@code null}
 * @param orderBy how events are ordered by key ({@link WindshiftListener#orderBy()}), or
 * {@code null} for no ordering
 * @param ignoreUnhandledTypes whether events no handler takes are acknowledged and
 * skipped instead of given up
 * @param maxBatchSize for a batch listener, the most events in one call
 * @param maxBatchWait for a batch listener, how long to wait for more events once one has
 * arrived
 */
public record WindshiftListenerEndpoint(String id, String beanName, Object bean, Method method, String stream,
		@Nullable String consumer, List<String> subjects, @Nullable Duration processingTimeout,
		@Nullable String consumeFrom, @Nullable Integer maxDeliveryAttempts, @Nullable Integer maxPendingEvents,
		@Nullable Integer concurrency, AckMode ackMode, @Nullable String deadLetterSubject,
		@Nullable Boolean autoStartup, @Nullable String rejectPolicy, @Nullable String containerFactory,
		List<Method> handlers, @Nullable Method defaultHandler, @Nullable String orderBy, boolean ignoreUnhandledTypes,
		@Nullable Integer maxBatchSize, @Nullable Duration maxBatchWait) {

	public WindshiftListenerEndpoint {
		subjects = List.copyOf(subjects);
		handlers = List.copyOf(handlers);
	}

	/**
	 * A listener method's endpoint: its container comes from the default factory; no
	 * handlers, no ordering.
	 * @deprecated since 0.2 in favour of the canonical constructor
	 */
	@Deprecated(since = "0.2")
	public WindshiftListenerEndpoint(String id, String beanName, Object bean, Method method, String stream,
			@Nullable String consumer, List<String> subjects, @Nullable Duration processingTimeout,
			@Nullable String consumeFrom, @Nullable Integer maxDeliveryAttempts, @Nullable Integer maxPendingEvents,
			@Nullable Integer concurrency, AckMode ackMode, @Nullable String deadLetterSubject,
			@Nullable Boolean autoStartup, @Nullable String rejectPolicy) {
		this(id, beanName, bean, method, stream, consumer, subjects, processingTimeout, consumeFrom,
				maxDeliveryAttempts, maxPendingEvents, concurrency, ackMode, deadLetterSubject, autoStartup,
				rejectPolicy, null, List.of(), null, null, false, null, null);
	}

	/**
	 * {@code bean 'name' method 'Type.method'} (or {@code class 'Type'} for a class-level
	 * listener), for messages.
	 */
	public String describe() {
		if (!this.handlers.isEmpty()) {
			return "bean '" + this.beanName + "' class '" + AopUtils.getTargetClass(this.bean).getSimpleName() + "'";
		}
		return "bean '" + this.beanName + "' method '" + this.method.getDeclaringClass().getSimpleName() + "."
				+ this.method.getName() + "'";
	}

}
