package io.windshift.listener;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.util.Assert;

/**
 * One listener method (or class-level listener) with its resolved settings; {@code null}
 * settings take the container factory's defaults. Made from {@link WindshiftListener} by
 * the annotation post-processor, or by hand with {@link #builder}, which keeps working
 * when listener settings are added (the public constructors do not take new settings:
 * they are deprecated). Immutable; equal when all settings are.
 */
public final class WindshiftListenerEndpoint {

	private final String id;

	private final String beanName;

	private final Object bean;

	private final Method method;

	private final String stream;

	private final @Nullable String consumer;

	private final List<String> subjects;

	private final @Nullable Duration processingTimeout;

	private final @Nullable String consumeFrom;

	private final @Nullable Integer maxDeliveryAttempts;

	private final @Nullable Integer maxPendingEvents;

	private final @Nullable Integer concurrency;

	private final AckMode ackMode;

	private final @Nullable String deadLetterSubject;

	private final @Nullable Boolean autoStartup;

	private final @Nullable String rejectPolicy;

	private final @Nullable String containerFactory;

	private final List<Method> handlers;

	private final @Nullable Method defaultHandler;

	private final @Nullable String orderBy;

	private final @Nullable Integer partitions;

	private final boolean ignoreUnhandledTypes;

	private final @Nullable Integer maxBatchSize;

	private final @Nullable Duration maxBatchWait;

	private WindshiftListenerEndpoint(Builder builder) {
		this.id = builder.id;
		this.beanName = builder.beanName;
		this.bean = builder.bean;
		this.method = builder.method;
		this.stream = builder.stream;
		this.consumer = builder.consumer;
		this.subjects = List.copyOf(builder.subjects);
		this.processingTimeout = builder.processingTimeout;
		this.consumeFrom = builder.consumeFrom;
		this.maxDeliveryAttempts = builder.maxDeliveryAttempts;
		this.maxPendingEvents = builder.maxPendingEvents;
		this.concurrency = builder.concurrency;
		this.ackMode = builder.ackMode;
		this.deadLetterSubject = builder.deadLetterSubject;
		this.autoStartup = builder.autoStartup;
		this.rejectPolicy = builder.rejectPolicy;
		this.containerFactory = builder.containerFactory;
		this.handlers = List.copyOf(builder.handlers);
		this.defaultHandler = builder.defaultHandler;
		this.orderBy = builder.orderBy;
		this.partitions = builder.partitions;
		this.ignoreUnhandledTypes = builder.ignoreUnhandledTypes;
		this.maxBatchSize = builder.maxBatchSize;
		this.maxBatchWait = builder.maxBatchWait;
	}

	/**
	 * An endpoint with every setting given.
	 * @deprecated since 0.2 in favour of {@link #builder}: this constructor does not take
	 * settings added later
	 */
	@Deprecated(since = "0.2")
	public WindshiftListenerEndpoint(String id, String beanName, Object bean, Method method, String stream,
			@Nullable String consumer, List<String> subjects, @Nullable Duration processingTimeout,
			@Nullable String consumeFrom, @Nullable Integer maxDeliveryAttempts, @Nullable Integer maxPendingEvents,
			@Nullable Integer concurrency, AckMode ackMode, @Nullable String deadLetterSubject,
			@Nullable Boolean autoStartup, @Nullable String rejectPolicy, @Nullable String containerFactory,
			List<Method> handlers, @Nullable Method defaultHandler, @Nullable String orderBy,
			boolean ignoreUnhandledTypes, @Nullable Integer maxBatchSize, @Nullable Duration maxBatchWait) {
		this(builder(id, beanName, bean, method, stream).consumer(consumer)
			.subjects(subjects)
			.processingTimeout(processingTimeout)
			.consumeFrom(consumeFrom)
			.maxDeliveryAttempts(maxDeliveryAttempts)
			.maxPendingEvents(maxPendingEvents)
			.concurrency(concurrency)
			.ackMode(ackMode)
			.deadLetterSubject(deadLetterSubject)
			.autoStartup(autoStartup)
			.rejectPolicy(rejectPolicy)
			.containerFactory(containerFactory)
			.handlers(handlers)
			.defaultHandler(defaultHandler)
			.orderBy(orderBy)
			.ignoreUnhandledTypes(ignoreUnhandledTypes)
			.maxBatchSize(maxBatchSize)
			.maxBatchWait(maxBatchWait));
	}

	/**
	 * A listener method's endpoint: its container comes from the default factory; no
	 * handlers, no ordering.
	 * @deprecated since 0.2 in favour of {@link #builder}
	 */
	@Deprecated(since = "0.2")
	public WindshiftListenerEndpoint(String id, String beanName, Object bean, Method method, String stream,
			@Nullable String consumer, List<String> subjects, @Nullable Duration processingTimeout,
			@Nullable String consumeFrom, @Nullable Integer maxDeliveryAttempts, @Nullable Integer maxPendingEvents,
			@Nullable Integer concurrency, AckMode ackMode, @Nullable String deadLetterSubject,
			@Nullable Boolean autoStartup, @Nullable String rejectPolicy) {
		this(builder(id, beanName, bean, method, stream).consumer(consumer)
			.subjects(subjects)
			.processingTimeout(processingTimeout)
			.consumeFrom(consumeFrom)
			.maxDeliveryAttempts(maxDeliveryAttempts)
			.maxPendingEvents(maxPendingEvents)
			.concurrency(concurrency)
			.ackMode(ackMode)
			.deadLetterSubject(deadLetterSubject)
			.autoStartup(autoStartup)
			.rejectPolicy(rejectPolicy));
	}

	/**
	 * Starts an endpoint; the settings left unset take the container factory's defaults.
	 * @param id the listener id, unique in the application
	 * @param beanName the name of the bean declaring the method
	 * @param bean the bean to invoke the method on
	 * @param method the listener method (invocable on {@code bean}); for a class-level
	 * listener, one of its handler methods
	 * @param stream the stream to consume
	 */
	public static Builder builder(String id, String beanName, Object bean, Method method, String stream) {
		return new Builder(id, beanName, bean, method, stream);
	}

	/** The listener id, unique in the application. */
	public String id() {
		return this.id;
	}

	/** The name of the bean declaring the method. */
	public String beanName() {
		return this.beanName;
	}

	/** The bean to invoke the method on. */
	public Object bean() {
		return this.bean;
	}

	/** The listener method (invocable on {@code bean}). */
	public Method method() {
		return this.method;
	}

	/** The stream to consume. */
	public String stream() {
		return this.stream;
	}

	/** The durable consumer name, or {@code null} for an ephemeral consumer. */
	public @Nullable String consumer() {
		return this.consumer;
	}

	/** Filter subjects for a consumer created for the listener (empty: all). */
	public List<String> subjects() {
		return this.subjects;
	}

	/** The processing timeout for a created consumer. */
	public @Nullable Duration processingTimeout() {
		return this.processingTimeout;
	}

	/** The start pointer for a created consumer ({@code new}, {@code start}, ...). */
	public @Nullable String consumeFrom() {
		return this.consumeFrom;
	}

	/** The maximum deliveries for a created consumer. */
	public @Nullable Integer maxDeliveryAttempts() {
		return this.maxDeliveryAttempts;
	}

	/** The maximum unsettled events for a created consumer. */
	public @Nullable Integer maxPendingEvents() {
		return this.maxPendingEvents;
	}

	/** The number of workers. */
	public @Nullable Integer concurrency() {
		return this.concurrency;
	}

	/** Who settles events. */
	public AckMode ackMode() {
		return this.ackMode;
	}

	/** Where given-up events are republished. */
	public @Nullable String deadLetterSubject() {
		return this.deadLetterSubject;
	}

	/** Whether the container starts with the application. */
	public @Nullable Boolean autoStartup() {
		return this.autoStartup;
	}

	/** The name of a {@link RejectPolicy} bean. */
	public @Nullable String rejectPolicy() {
		return this.rejectPolicy;
	}

	/**
	 * The name of the {@link ListenerContainerFactory} bean that makes the container, or
	 * {@code null} for the default one.
	 */
	public @Nullable String containerFactory() {
		return this.containerFactory;
	}

	/**
	 * For a class-level listener, its {@link WindshiftHandler} methods (invocable on
	 * {@code bean}); empty for a listener method.
	 */
	public List<Method> handlers() {
		return this.handlers;
	}

	/** For a class-level listener, the handler for any other type, or {@code null}. */
	public @Nullable Method defaultHandler() {
		return this.defaultHandler;
	}

	/**
	 * How events are ordered by key ({@link WindshiftListener#orderBy()}), or
	 * {@code null} for no ordering.
	 */
	public @Nullable String orderBy() {
		return this.orderBy;
	}

	/**
	 * How many partitions an ordered listener's keys are spread over
	 * ({@link WindshiftListener#partitions()}), or {@code null} for one.
	 */
	public @Nullable Integer partitions() {
		return this.partitions;
	}

	/**
	 * Whether events no handler takes are acknowledged and skipped instead of given up.
	 */
	public boolean ignoreUnhandledTypes() {
		return this.ignoreUnhandledTypes;
	}

	/** For a batch listener, the most events in one call. */
	public @Nullable Integer maxBatchSize() {
		return this.maxBatchSize;
	}

	/** For a batch listener, how long to wait for more events once one has arrived. */
	public @Nullable Duration maxBatchWait() {
		return this.maxBatchWait;
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

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other
				|| (other instanceof WindshiftListenerEndpoint endpoint && components().equals(endpoint.components()));
	}

	@Override
	public int hashCode() {
		return components().hashCode();
	}

	@Override
	public String toString() {
		return "WindshiftListenerEndpoint[id=" + this.id + ", " + describe() + ", stream=" + this.stream + "]";
	}

	private List<@Nullable Object> components() {
		return Arrays.asList(this.id, this.beanName, this.bean, this.method, this.stream, this.consumer, this.subjects,
				this.processingTimeout, this.consumeFrom, this.maxDeliveryAttempts, this.maxPendingEvents,
				this.concurrency, this.ackMode, this.deadLetterSubject, this.autoStartup, this.rejectPolicy,
				this.containerFactory, this.handlers, this.defaultHandler, this.orderBy, this.ignoreUnhandledTypes,
				this.maxBatchSize, this.maxBatchWait, this.partitions);
	}

	/** Builds a {@link WindshiftListenerEndpoint}; every setting is optional. */
	public static final class Builder {

		private final String id;

		private final String beanName;

		private final Object bean;

		private final Method method;

		private final String stream;

		private @Nullable String consumer;

		private List<String> subjects = new ArrayList<>();

		private @Nullable Duration processingTimeout;

		private @Nullable String consumeFrom;

		private @Nullable Integer maxDeliveryAttempts;

		private @Nullable Integer maxPendingEvents;

		private @Nullable Integer concurrency;

		private AckMode ackMode = AckMode.DEFAULT;

		private @Nullable String deadLetterSubject;

		private @Nullable Boolean autoStartup;

		private @Nullable String rejectPolicy;

		private @Nullable String containerFactory;

		private List<Method> handlers = new ArrayList<>();

		private @Nullable Method defaultHandler;

		private @Nullable String orderBy;

		private @Nullable Integer partitions;

		private boolean ignoreUnhandledTypes;

		private @Nullable Integer maxBatchSize;

		private @Nullable Duration maxBatchWait;

		private Builder(String id, String beanName, Object bean, Method method, String stream) {
			Assert.hasText(id, "id must not be empty");
			Assert.hasText(stream, "stream must not be empty");
			this.id = id;
			this.beanName = beanName;
			this.bean = bean;
			this.method = method;
			this.stream = stream;
		}

		/** The durable consumer name, or {@code null} for an ephemeral consumer. */
		public Builder consumer(@Nullable String consumer) {
			this.consumer = consumer;
			return this;
		}

		/** Filter subjects for a consumer created for the listener (empty: all). */
		public Builder subjects(List<String> subjects) {
			this.subjects = new ArrayList<>(subjects);
			return this;
		}

		/** The processing timeout for a created consumer. */
		public Builder processingTimeout(@Nullable Duration processingTimeout) {
			this.processingTimeout = processingTimeout;
			return this;
		}

		/** The start pointer for a created consumer ({@code new}, {@code start}, ...). */
		public Builder consumeFrom(@Nullable String consumeFrom) {
			this.consumeFrom = consumeFrom;
			return this;
		}

		/** The maximum deliveries for a created consumer. */
		public Builder maxDeliveryAttempts(@Nullable Integer maxDeliveryAttempts) {
			this.maxDeliveryAttempts = maxDeliveryAttempts;
			return this;
		}

		/** The maximum unsettled events for a created consumer. */
		public Builder maxPendingEvents(@Nullable Integer maxPendingEvents) {
			this.maxPendingEvents = maxPendingEvents;
			return this;
		}

		/** The number of workers. */
		public Builder concurrency(@Nullable Integer concurrency) {
			this.concurrency = concurrency;
			return this;
		}

		/** Who settles events. */
		public Builder ackMode(AckMode ackMode) {
			Assert.notNull(ackMode, "ackMode must not be null");
			this.ackMode = ackMode;
			return this;
		}

		/** Where given-up events are republished. */
		public Builder deadLetterSubject(@Nullable String deadLetterSubject) {
			this.deadLetterSubject = deadLetterSubject;
			return this;
		}

		/** Whether the container starts with the application. */
		public Builder autoStartup(@Nullable Boolean autoStartup) {
			this.autoStartup = autoStartup;
			return this;
		}

		/** The name of a {@link RejectPolicy} bean. */
		public Builder rejectPolicy(@Nullable String rejectPolicy) {
			this.rejectPolicy = rejectPolicy;
			return this;
		}

		/**
		 * The name of the {@link ListenerContainerFactory} bean that makes the container,
		 * or {@code null} for the default one.
		 */
		public Builder containerFactory(@Nullable String containerFactory) {
			this.containerFactory = containerFactory;
			return this;
		}

		/**
		 * For a class-level listener, its {@link WindshiftHandler} methods (invocable on
		 * {@code bean}); empty for a listener method.
		 */
		public Builder handlers(List<Method> handlers) {
			this.handlers = new ArrayList<>(handlers);
			return this;
		}

		/**
		 * For a class-level listener, the handler for any other type, or {@code null}.
		 */
		public Builder defaultHandler(@Nullable Method defaultHandler) {
			this.defaultHandler = defaultHandler;
			return this;
		}

		/**
		 * How events are ordered by key ({@link WindshiftListener#orderBy()}), or
		 * {@code null} for no ordering.
		 */
		public Builder orderBy(@Nullable String orderBy) {
			this.orderBy = orderBy;
			return this;
		}

		/**
		 * How many partitions an ordered listener's keys are spread over
		 * ({@link WindshiftListener#partitions()}), or {@code null} for one.
		 */
		public Builder partitions(@Nullable Integer partitions) {
			this.partitions = partitions;
			return this;
		}

		/**
		 * Whether events no handler takes are acknowledged and skipped instead of given
		 * up.
		 */
		public Builder ignoreUnhandledTypes(boolean ignoreUnhandledTypes) {
			this.ignoreUnhandledTypes = ignoreUnhandledTypes;
			return this;
		}

		/** For a batch listener, the most events in one call. */
		public Builder maxBatchSize(@Nullable Integer maxBatchSize) {
			this.maxBatchSize = maxBatchSize;
			return this;
		}

		/**
		 * For a batch listener, how long to wait for more events once one has arrived.
		 */
		public Builder maxBatchWait(@Nullable Duration maxBatchWait) {
			this.maxBatchWait = maxBatchWait;
			return this;
		}

		/** The endpoint. */
		public WindshiftListenerEndpoint build() {
			return new WindshiftListenerEndpoint(this);
		}

	}

}
