package io.windshift.listener;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that handles events of a stream, or a class whose
 * {@link WindshiftHandler @WindshiftHandler} methods do (one container and one consumer
 * for all of them, each event handed to the method of its type). A listener method takes
 * one parameter: a generated protobuf message type, {@code Event<T>} of one, or
 * {@code com.google.protobuf.Message} / {@code Event<Message>} for any type known to the
 * type registry; or a {@code List} of either for a batch listener. String attributes take
 * {@code ${...}} placeholders; empty ones use the {@code windshift.listener.*} defaults.
 *
 * <pre class="code">
 * &#64;WindshiftListener(stream = "orders", consumer = "order-processor")
 * void on(OrderCreated order) { ... }
 * </pre>
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WindshiftListener {

	/**
	 * The listener id, unique in the application; defaults to
	 * {@code <bean name>#<method name>}.
	 */
	String id() default "";

	/** The stream to consume. */
	String stream();

	/**
	 * The durable consumer to use: the declared one if there is one (bean or
	 * configuration), otherwise created from these attributes. Empty: an ephemeral
	 * consumer per container.
	 */
	String consumer() default "";

	/**
	 * Subjects to receive (filter subjects of a consumer created here); empty: all of the
	 * stream.
	 */
	String[] subjects() default {};

	/** How long an event may be handled before it is redelivered, e.g. {@code 10s}. */
	String processingTimeout() default "";

	/**
	 * Where a consumer created here starts: {@code new}, {@code start}, {@code end},
	 * {@code id:<n>}, {@code time:<ISO-8601>}.
	 */
	String consumeFrom() default "";

	/** How often an event is delivered at most. */
	String maxDeliveryAttempts() default "";

	/** How many events may be delivered and not yet settled at once. */
	String maxPendingEvents() default "";

	/** How many events the container handles in parallel. */
	String concurrency() default "";

	/** Who settles events; by default {@code windshift.listener.ack-mode}. */
	AckMode ackMode() default AckMode.DEFAULT;

	/** Where failed and poison events are republished before they are terminated. */
	String deadLetterSubject() default "";

	/** Whether the container starts with the application ({@code true}/{@code false}). */
	String autoStartup() default "";

	/** The name of a {@link RejectPolicy} bean for this listener. */
	String rejectPolicy() default "";

	/**
	 * The name of the {@link ListenerContainerFactory} bean that makes this listener's
	 * container; by default the auto-configured one ({@code windshift.listener.*}).
	 */
	String containerFactory() default "";

	/**
	 * How events are ordered by key: empty for no ordering beyond the consumer's,
	 * {@code subject} (the whole subject is the key), {@code subject-token:<n>} (the n-th
	 * token of the subject, 1-based), or the name of an {@link OrderingKey} bean. Events
	 * with the same key are handled one at a time, in stream order, retries included;
	 * other keys go on in parallel up to {@code concurrency}.
	 */
	String orderBy() default "";

	/**
	 * For an ordered listener ({@link #orderBy()}) on a durable consumer: how many
	 * partitions its keys are spread over, so that the instances running the listener
	 * share the work (each partition runs on one instance at a time, on a consumer of its
	 * own named {@code <consumer>-p<i>-of-<n>}). Empty or {@code 1}: one consumer, whose
	 * pinned instance handles every key.
	 */
	String partitions() default "";

	/**
	 * Whether a class-level listener acknowledges and skips events whose type none of its
	 * handlers takes ({@code true}/{@code false}); by default they are dead-lettered or
	 * terminated with a warning.
	 */
	String ignoreUnhandledTypes() default "";

	/** For a batch listener (one taking a {@code List}): the most events in one call. */
	String maxBatchSize() default "";

	/**
	 * For a batch listener: how long to wait for more events once one has arrived, e.g.
	 * {@code 200ms}.
	 */
	String maxBatchWait() default "";

}
