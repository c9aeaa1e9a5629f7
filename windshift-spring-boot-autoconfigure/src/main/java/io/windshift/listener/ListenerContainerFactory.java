package io.windshift.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Function;

import io.nats.client.Connection;
import org.jspecify.annotations.Nullable;

import io.windshift.admin.WindshiftAdmin;
import io.windshift.consumers.ConsumerDefinition;

import io.windshift.events.CallOptions;
import io.windshift.events.JetStreamEvent;
import io.windshift.events.PermissionViolations;
import io.windshift.events.ProtobufTypeRegistry;
import io.windshift.events.WindshiftTemplate;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.util.Assert;

/**
 * Makes a {@link WindshiftListenerContainer} per endpoint, filling the endpoint's unset
 * settings with this factory's defaults (set from {@code windshift.listener.*} by the
 * auto-configuration). Owns the threads shared by all its containers: the auto-pinger and
 * the consumer supervisor.
 *
 * <p>
 * The setters of the {@code windshift.listener.*} defaults are API: a user-built factory
 * takes them, or gets them from {@code WindshiftListenerContainerFactoryConfigurer}. The
 * wiring setters ({@link #setPermissionViolations}, {@link #setCallOptions},
 * {@link #setRejectPolicies}, {@link #setOrderingKeys}, {@link #setObservers},
 * {@link #setDeclaredConsumers}, {@link #setDeadLetterStream}, {@link #setTemplate}) are
 * not: the configurer sets them from the application context, and they are public only
 * because it lives in another package. Call the configurer instead; they may change
 * without notice.
 */
public class ListenerContainerFactory implements DisposableBean {

	private final Connection connection;

	private final WindshiftAdmin admin;

	private final ProtobufTypeRegistry types;

	private final DeadLetterPublisher deadLetters;

	private final RejectPolicy defaultRejectPolicy;

	private final AutoPinger pinger = new AutoPinger();

	private final ScheduledThreadPoolExecutor supervisor;

	private int concurrency = 1;

	private AckMode ackMode = AckMode.AUTO;

	private Duration processingTimeout = Duration.ofSeconds(30);

	private int maxDeliveryAttempts = 5;

	private int maxPendingEvents = 50;

	private String consumeFrom = "new";

	private @Nullable String deadLetterSubject;

	private boolean autoStartup = true;

	private Duration shutdownTimeout = Duration.ofSeconds(30);

	private Duration pollTimeout = Duration.ofSeconds(2);

	private Duration consumerCheckInterval = Duration.ofSeconds(5);

	private @Nullable Duration pingInterval;

	private double pingFraction = 0.3;

	private int maxPrefetch = 500;

	private long maxPrefetchBytes = 64L << 20;

	private boolean confirmAcks;

	private @Nullable PermissionViolations permissionViolations;

	private Duration ephemeralInactiveThreshold = Duration.ofHours(1);

	private boolean virtualThreads;

	private CallOptions callOptions = JetStreamEvent.DEFAULT_CALL_OPTIONS;

	private Function<String, RejectPolicy> rejectPolicies = (name) -> {
		throw new IllegalStateException("No reject policy bean named '" + name + "'");
	};

	private Function<String, OrderingKey> orderingKeys = (name) -> {
		throw new IllegalStateException("No OrderingKey bean named '" + name + "'");
	};

	private ListenerObserver observer = new ListenerObserver() {
	};

	private DeclaredConsumers declaredConsumers = (stream, name) -> null;

	private @Nullable DeadLetterStream deadLetterStream;

	private @Nullable WindshiftTemplate template;

	private int maxBatchSize = 100;

	private Duration maxBatchWait = Duration.ofMillis(100);

	public ListenerContainerFactory(Connection connection, WindshiftAdmin admin, ProtobufTypeRegistry types,
			DeadLetterPublisher deadLetters, RejectPolicy defaultRejectPolicy) {
		this.connection = connection;
		this.admin = admin;
		this.types = types;
		this.deadLetters = deadLetters;
		this.defaultRejectPolicy = defaultRejectPolicy;
		this.supervisor = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "windshift-listener-supervisor");
			thread.setDaemon(true);
			return thread;
		});
		this.supervisor.setRemoveOnCancelPolicy(true);
	}

	/** The admin that ensures the containers' consumers. */
	WindshiftAdmin admin() {
		return this.admin;
	}

	/**
	 * Makes the container of an endpoint.
	 * @throws IllegalArgumentException if the endpoint's settings are invalid, naming the
	 * listener
	 */
	public WindshiftListenerContainer createContainer(WindshiftListenerEndpoint endpoint) {
		HandlerMethods methods = handlerMethods(endpoint);
		boolean batch = batch(endpoint, methods);
		int batchSize = batchSize(endpoint, batch);
		ListenerConsumer consumer = new ListenerConsumers(this.connection, this.admin, this.declaredConsumers,
				this.permissionViolations, this.processingTimeout, this.consumeFrom, this.maxDeliveryAttempts,
				this.maxPendingEvents, this.ephemeralInactiveThreshold)
			.consumer(endpoint, batchSize * orDefault(endpoint.concurrency(), this.concurrency));
		AckMode mode = (endpoint.ackMode() != AckMode.DEFAULT) ? endpoint.ackMode() : this.ackMode;
		RejectPolicy policy = (endpoint.rejectPolicy() != null) ? rejectPolicy(endpoint, endpoint.rejectPolicy())
				: this.defaultRejectPolicy;
		String dlq = deadLetterSubject(endpoint);
		int workers = orDefault(endpoint.concurrency(), this.concurrency);
		Assert.isTrue(workers > 0, () -> "Invalid listener " + endpoint.describe() + ": concurrency must be positive");
		EventDecoder decoder = new EventDecoder(this.types);
		OrderingKeys keys = orderingKeys(endpoint, methods, mode);
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(endpoint.id() + "-");
		executor.setVirtualThreads(this.virtualThreads);
		ContainerSettings settings = new ContainerSettings(this.pollTimeout, this.shutdownTimeout,
				this.consumerCheckInterval, this.pingInterval, this.pingFraction, this.maxPrefetch,
				this.maxPrefetchBytes);
		boolean confirm = this.confirmAcks;
		EventForwarder forwarder = forwarder(endpoint, methods, mode);
		if (batch) {
			Assert.isTrue(mode == AckMode.AUTO || methods.all().stream().allMatch(ListenerMethod::takesEvent),
					() -> "Invalid listener " + endpoint.describe()
							+ ": a MANUAL batch listener settles its events, so it takes List<Event<T>>");
			long waitNanos = ((endpoint.maxBatchWait() != null) ? endpoint.maxBatchWait() : this.maxBatchWait)
				.toNanos();
			Assert.isTrue(waitNanos >= 0,
					() -> "Invalid listener " + endpoint.describe() + ": maxBatchWait must not be negative");
			long pollMillis = this.pollTimeout.toMillis();
			WindshiftListenerContainer container = new WindshiftListenerContainer(endpoint.id(), consumer, workers,
					batchSize, (endpoint.autoStartup() != null) ? endpoint.autoStartup() : this.autoStartup, executor,
					this.supervisor, this.pinger, settings, (buffer, sizer, maxDeliveries, current) -> {
						ListenerEventHandler events = new ListenerEventHandler(endpoint.id(), methods, decoder, mode,
								policy, dlq, this.deadLetters, this.observer, this.callOptions, confirm, maxDeliveries,
								null);
						events.setIgnoreUnhandledTypes(endpoint.ignoreUnhandledTypes());
						events.setRetryInContainer(keys != null);
						BatchEventHandler handler = new BatchEventHandler(endpoint.id(), events, mode, this.observer,
								this.callOptions, confirm, forwarder);
						return new BatchWorker(endpoint.id(), buffer, handler, sizer, pollMillis, current, batchSize,
								waitNanos);
					});
			if (keys != null) {
				container.orderBy(keys);
			}
			return container;
		}
		WindshiftListenerContainer container = new WindshiftListenerContainer(endpoint.id(), consumer,
				(maxDeliveries) -> {
					ListenerEventHandler handler = new ListenerEventHandler(endpoint.id(), methods, decoder, mode,
							policy, dlq, this.deadLetters, this.observer, this.callOptions, confirm, maxDeliveries,
							forwarder);
					handler.setIgnoreUnhandledTypes(endpoint.ignoreUnhandledTypes());
					handler.setRetryInContainer(keys != null);
					return handler;
				}, workers, (endpoint.autoStartup() != null) ? endpoint.autoStartup() : this.autoStartup, executor,
				this.supervisor, this.pinger, settings);
		if (keys != null) {
			container.orderBy(keys);
		}
		return container;
	}

	private @Nullable OrderingKeys orderingKeys(WindshiftListenerEndpoint endpoint, HandlerMethods methods,
			AckMode mode) {
		try {
			OrderingKeys keys = OrderingKeys.of(endpoint.orderBy(), this.orderingKeys, methods,
					new EventDecoder(this.types));
			Assert.isTrue(keys == null || mode != AckMode.MANUAL, "orderBy needs AckMode.AUTO (a MANUAL listener "
					+ "could reject an event for redelivery and let the later events of its key overtake it)");
			return keys;
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Invalid listener " + endpoint.describe() + ": " + ex.getMessage(), ex);
		}
	}

	private HandlerMethods handlerMethods(WindshiftListenerEndpoint endpoint) {
		HandlerMethods methods;
		try {
			methods = (endpoint.handlers().isEmpty() && endpoint.defaultHandler() == null)
					? HandlerMethods.single(ListenerMethod.of(endpoint.bean(), endpoint.method()))
					: HandlerMethods.of(endpoint.bean(), endpoint.handlers(), endpoint.defaultHandler());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Invalid listener " + endpoint.describe() + ": " + ex.getMessage(), ex);
		}
		for (ListenerMethod method : methods.all()) {
			if (method.dataType() != com.google.protobuf.Message.class) {
				this.types.register(method.dataType());
			}
		}
		return methods;
	}

	private @Nullable String deadLetterSubject(WindshiftListenerEndpoint endpoint) {
		if (endpoint.deadLetterSubject() != null) {
			return endpoint.deadLetterSubject();
		}
		if (this.deadLetterSubject != null || this.deadLetterStream == null) {
			return this.deadLetterSubject;
		}
		this.deadLetterStream.require();
		return DeadLetterStream.subject(endpoint.stream(),
				(endpoint.consumer() != null) ? endpoint.consumer() : endpoint.id());
	}

	private @Nullable EventForwarder forwarder(WindshiftListenerEndpoint endpoint, HandlerMethods methods,
			AckMode mode) {
		if (methods.all().stream().noneMatch(ListenerMethod::forwards)) {
			return null;
		}
		Assert.isTrue(mode == AckMode.AUTO,
				() -> "Invalid listener " + endpoint.describe()
						+ ": it returns events to forward, which are published before its event is acknowledged; that "
						+ "needs ackMode AUTO (with MANUAL, publish with WindshiftTemplate before settling)");
		Assert.state(this.template != null, () -> "Invalid listener " + endpoint.describe()
				+ ": it returns events to forward, but there is no WindshiftTemplate to publish them with");
		return new EventForwarder(this.template, endpoint.id());
	}

	/**
	 * Whether a listener is a batch listener: its method, or every
	 * {@code @WindshiftHandler} method of a class-level listener, takes a {@code List}.
	 */
	private static boolean batch(WindshiftListenerEndpoint endpoint, HandlerMethods methods) {
		long batches = methods.all().stream().filter(ListenerMethod::batch).count();
		Assert.isTrue(batches == 0 || batches == methods.all().size(), () -> "Invalid listener " + endpoint.describe()
				+ ": its @WindshiftHandler methods either all take a List (a batch listener, one call per type in each "
				+ "batch) or all take single events");
		return batches > 0;
	}

	/** A batch listener's max batch size, checked; 1 for a single-event listener. */
	private int batchSize(WindshiftListenerEndpoint endpoint, boolean batch) {
		if (!batch) {
			Assert.isTrue(endpoint.maxBatchSize() == null && endpoint.maxBatchWait() == null,
					() -> "Invalid listener " + endpoint.describe() + ": maxBatchSize and maxBatchWait are for batch "
							+ "listeners, whose method takes a List");
			return 1;
		}
		int size = orDefault(endpoint.maxBatchSize(), this.maxBatchSize);
		Assert.isTrue(size > 0, () -> "Invalid listener " + endpoint.describe() + ": maxBatchSize must be positive");
		Assert.isTrue(size <= this.maxPrefetch, () -> "Invalid listener " + endpoint.describe() + ": maxBatchSize "
				+ size + " exceeds windshift.listener.max-prefetch (" + this.maxPrefetch + "): no batch could fill");
		Assert.isTrue(endpoint.maxPendingEvents() == null || endpoint.maxPendingEvents() >= size,
				() -> "Invalid listener " + endpoint.describe() + ": maxPendingEvents " + endpoint.maxPendingEvents()
						+ " is below maxBatchSize " + size + ": no batch could fill");
		return size;
	}

	private RejectPolicy rejectPolicy(WindshiftListenerEndpoint endpoint, String name) {
		try {
			return this.rejectPolicies.apply(name);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("Invalid listener " + endpoint.describe()
					+ ": no RejectPolicy bean named '" + name + "' (" + ex.getMessage() + ")", ex);
		}
	}

	private static int orDefault(@Nullable Integer value, int fallback) {
		return (value != null) ? value : fallback;
	}

	/** The auto-pinger shared by the containers. */
	AutoPinger getPinger() {
		return this.pinger;
	}

	@Override
	public void destroy() {
		this.pinger.close();
		this.supervisor.shutdownNow();
	}

	public void setConcurrency(int concurrency) {
		this.concurrency = concurrency;
	}

	public void setAckMode(AckMode ackMode) {
		Assert.isTrue(ackMode != AckMode.DEFAULT, "The default ack mode must be AUTO or MANUAL");
		this.ackMode = ackMode;
	}

	public void setProcessingTimeout(Duration processingTimeout) {
		this.processingTimeout = processingTimeout;
	}

	/**
	 * Maximum deliveries of an event for consumers created here; 0 or less for unlimited.
	 */
	public void setMaxDeliveryAttempts(int maxDeliveryAttempts) {
		this.maxDeliveryAttempts = maxDeliveryAttempts;
	}

	public void setMaxPendingEvents(int maxPendingEvents) {
		this.maxPendingEvents = maxPendingEvents;
	}

	public void setConsumeFrom(String consumeFrom) {
		this.consumeFrom = consumeFrom;
	}

	public void setDeadLetterSubject(@Nullable String deadLetterSubject) {
		this.deadLetterSubject = deadLetterSubject;
	}

	public void setAutoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	/**
	 * How long one fetch waits for an event (at least 1 s; bounds how fast stop and pause
	 * take effect).
	 */
	public void setPollTimeout(Duration pollTimeout) {
		Assert.isTrue(pollTimeout.toMillis() >= 1100, "pollTimeout must be at least 1.1s");
		this.pollTimeout = pollTimeout;
	}

	public void setConsumerCheckInterval(Duration consumerCheckInterval) {
		this.consumerCheckInterval = consumerCheckInterval;
	}

	public void setPingInterval(@Nullable Duration pingInterval) {
		this.pingInterval = pingInterval;
	}

	public void setPingFraction(double pingFraction) {
		Assert.isTrue(pingFraction > 0 && pingFraction < 1, "pingFraction must be within (0, 1)");
		this.pingFraction = pingFraction;
	}

	/**
	 * The most events a container holds at once (fetched ahead of its workers and being
	 * handled); it also stays within the consumer's max pending events and adapts to the
	 * handling time.
	 */
	/**
	 * The most bytes of event data a container holds fetched ahead or requested (64 MB by
	 * default); a single larger event is still fetched, alone.
	 */
	public void setMaxPrefetchBytes(long maxPrefetchBytes) {
		Assert.isTrue(maxPrefetchBytes > 0, "maxPrefetchBytes must be positive");
		this.maxPrefetchBytes = maxPrefetchBytes;
	}

	public void setMaxPrefetch(int maxPrefetch) {
		Assert.isTrue(maxPrefetch > 0, "maxPrefetch must be positive");
		this.maxPrefetch = maxPrefetch;
	}

	/**
	 * Whether acks, rejects and pings wait for the server's confirmation; by default they
	 * are fire-and-forget (retried only when they cannot be sent).
	 */
	public void setConfirmAcks(boolean confirmAcks) {
		this.confirmAcks = confirmAcks;
	}

	/**
	 * The permission violations the server reports on the connection (fed by its error
	 * listener): with them, a listener on a consumer the NATS user may not use reports a
	 * permission error instead of a timeout.
	 */
	public void setPermissionViolations(@Nullable PermissionViolations permissionViolations) {
		this.permissionViolations = permissionViolations;
	}

	public void setEphemeralInactiveThreshold(Duration ephemeralInactiveThreshold) {
		this.ephemeralInactiveThreshold = ephemeralInactiveThreshold;
	}

	public void setVirtualThreads(boolean virtualThreads) {
		this.virtualThreads = virtualThreads;
	}

	/** Call options for the settle calls the containers make. */
	public void setCallOptions(CallOptions callOptions) {
		this.callOptions = callOptions;
	}

	/** Looks up reject policies by bean name. */
	public void setRejectPolicies(Function<String, RejectPolicy> rejectPolicies) {
		this.rejectPolicies = rejectPolicies;
	}

	/** Looks up {@link OrderingKey} beans by name (for {@code orderBy}). */
	public void setOrderingKeys(Function<String, OrderingKey> orderingKeys) {
		this.orderingKeys = orderingKeys;
	}

	public void setObservers(List<ListenerObserver> observers) {
		this.observer = CompositeListenerObserver.of(observers);
	}

	/**
	 * Finds consumers declared elsewhere (beans, configuration): a listener naming one
	 * binds it as it is, and recreates it from that declaration if the server loses it.
	 */
	public void setDeclaredConsumers(DeclaredConsumers declaredConsumers) {
		this.declaredConsumers = declaredConsumers;
	}

	/**
	 * The default home of dead letters, for listeners without a dead-letter subject when
	 * there is no {@link #setDeadLetterSubject default subject}; {@code null} (dead
	 * letters off): such listeners terminate the events they give up.
	 */
	public void setDeadLetterStream(@Nullable DeadLetterStream deadLetterStream) {
		this.deadLetterStream = deadLetterStream;
	}

	/** The template that publishes the events listener methods return (forwarding). */
	public void setTemplate(@Nullable WindshiftTemplate template) {
		this.template = template;
	}

	/** The most events a batch listener gets in one call, unless it sets its own. */
	public void setMaxBatchSize(int maxBatchSize) {
		Assert.isTrue(maxBatchSize > 0, "maxBatchSize must be positive");
		this.maxBatchSize = maxBatchSize;
	}

	/**
	 * How long a batch listener waits for more events once one has arrived, unless it
	 * sets its own.
	 */
	public void setMaxBatchWait(Duration maxBatchWait) {
		Assert.isTrue(!maxBatchWait.isNegative(), "maxBatchWait must not be negative");
		this.maxBatchWait = maxBatchWait;
	}

	/** Finds a declared durable consumer by stream and name. */
	@FunctionalInterface
	public interface DeclaredConsumers {

		/** The declaration of the consumer, or {@code null} if it is not declared. */
		@Nullable ConsumerDefinition find(String stream, String name);

	}

}
