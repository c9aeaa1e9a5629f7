package io.windshift.listener;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One listener method with its resolved settings; {@code null} settings take the container factory's
 * defaults. Made from {@link WindshiftListener} by the annotation post-processor, or by hand.
 *
 * @param id the listener id, unique in the application
 * @param beanName the name of the bean declaring the method
 * @param bean the bean to invoke the method on
 * @param method the listener method (invocable on {@code bean})
 * @param stream the stream to consume
 * @param consumer the durable consumer name, or {@code null} for an ephemeral consumer
 * @param subjects filter subjects for a consumer created for the listener (empty: all)
 * @param processingTimeout the processing timeout for a created consumer
 * @param consumeFrom the start pointer for a created consumer ({@code new}, {@code start}, ...)
 * @param maxDeliveryAttempts the maximum deliveries for a created consumer
 * @param maxPendingEvents the maximum unsettled events for a created consumer
 * @param concurrency the number of workers
 * @param ackMode who settles events
 * @param deadLetterSubject where given-up events are republished
 * @param autoStartup whether the container starts with the application
 * @param rejectPolicy the name of a {@link RejectPolicy} bean
 * @param maxBatchSize for a batch listener, the most events in one call
 * @param maxBatchWait for a batch listener, how long to wait for more events once one has arrived
 */
public record WindshiftListenerEndpoint(String id, String beanName, Object bean, Method method, String stream,
		@Nullable String consumer, List<String> subjects, @Nullable Duration processingTimeout,
		@Nullable String consumeFrom, @Nullable Integer maxDeliveryAttempts, @Nullable Integer maxPendingEvents,
		@Nullable Integer concurrency, AckMode ackMode, @Nullable String deadLetterSubject,
		@Nullable Boolean autoStartup, @Nullable String rejectPolicy, @Nullable Integer maxBatchSize,
		@Nullable Duration maxBatchWait) {

	public WindshiftListenerEndpoint {
		subjects = List.copyOf(subjects);
	}

	/** An endpoint with the batch settings left to the factory's defaults. */
	public WindshiftListenerEndpoint(String id, String beanName, Object bean, Method method, String stream,
			@Nullable String consumer, List<String> subjects, @Nullable Duration processingTimeout,
			@Nullable String consumeFrom, @Nullable Integer maxDeliveryAttempts, @Nullable Integer maxPendingEvents,
			@Nullable Integer concurrency, AckMode ackMode, @Nullable String deadLetterSubject,
			@Nullable Boolean autoStartup, @Nullable String rejectPolicy) {
		this(id, beanName, bean, method, stream, consumer, subjects, processingTimeout, consumeFrom,
				maxDeliveryAttempts, maxPendingEvents, concurrency, ackMode, deadLetterSubject, autoStartup,
				rejectPolicy, null, null);
	}

	/** {@code bean 'name' method 'Type.method'}, for messages. */
	public String describe() {
		return "bean '" + this.beanName + "' method '" + this.method.getDeclaringClass().getSimpleName() + "."
				+ this.method.getName() + "'";
	}

}
