package io.windshift.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.concurrent.ScheduledExecutorService;

import io.nats.client.Connection;
import org.jspecify.annotations.Nullable;

import io.windshift.admin.WindshiftAdmin;
import io.windshift.events.CallOptions;
import io.windshift.events.ProtobufTypeRegistry;
import io.windshift.events.WindshiftTemplate;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.util.Assert;

/**
 * Assembles the container of one endpoint for a {@link ListenerContainerFactory}: checks
 * the endpoint's settings against each other, fills the unset ones from the factory's
 * defaults and wires the parts (consumer, handlers, batching, ordering, forwarding, dead
 * letters). Invalid settings fail with a message naming the listener.
 */
final class ContainerAssembler {

	private final Connection connection;

	private final WindshiftAdmin admin;

	private final ProtobufTypeRegistry types;

	private final DeadLetterPublisher deadLetters;

	private final RejectPolicy defaultRejectPolicy;

	private final AutoPinger pinger;

	private final ScheduledExecutorService supervisor;

	ContainerAssembler(Connection connection, WindshiftAdmin admin, ProtobufTypeRegistry types,
			DeadLetterPublisher deadLetters, RejectPolicy defaultRejectPolicy, AutoPinger pinger,
			ScheduledExecutorService supervisor) {
		this.connection = connection;
		this.admin = admin;
		this.types = types;
		this.deadLetters = deadLetters;
		this.defaultRejectPolicy = defaultRejectPolicy;
		this.pinger = pinger;
		this.supervisor = supervisor;
	}

	/**
	 * Makes the container of an endpoint.
	 * @throws IllegalArgumentException if the endpoint's settings are invalid, naming the
	 * listener
	 */
	ListenerContainer assemble(WindshiftListenerEndpoint endpoint, Defaults defaults, ListenerContainerWiring wiring) {
		HandlerMethods methods = handlerMethods(endpoint);
		boolean batch = batch(endpoint, methods);
		int batchSize = batchSize(endpoint, batch, defaults);
		int workers = orDefault(endpoint.concurrency(), defaults.concurrency());
		ListenerConsumer consumer = new ListenerConsumers(this.connection, this.admin, wiring.declaredConsumers(),
				wiring.permissionViolations(), defaults.processingTimeout(), defaults.consumeFrom(),
				defaults.maxDeliveryAttempts(), defaults.maxPendingEvents(), defaults.ephemeralInactiveThreshold())
			.consumer(endpoint, batchSize * workers);
		AckMode mode = (endpoint.ackMode() != AckMode.DEFAULT) ? endpoint.ackMode() : defaults.ackMode();
		RejectPolicy policy = (endpoint.rejectPolicy() != null)
				? rejectPolicy(endpoint, endpoint.rejectPolicy(), wiring) : this.defaultRejectPolicy;
		String dlq = deadLetterSubject(endpoint, defaults, wiring);
		Assert.isTrue(workers > 0, () -> "Invalid listener " + endpoint.describe() + ": concurrency must be positive");
		EventDecoder decoder = new EventDecoder(this.types);
		OrderingKeys keys = orderingKeys(endpoint, methods, mode, wiring);
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(endpoint.id() + "-");
		executor.setVirtualThreads(defaults.virtualThreads());
		boolean autoStartup = (endpoint.autoStartup() != null) ? endpoint.autoStartup() : defaults.autoStartup();
		EventForwarder forwarder = forwarder(endpoint, methods, mode, wiring);
		ListenerObserver observer = wiring.observer();
		CallOptions callOptions = defaults.callOptions();
		boolean confirm = defaults.confirmAcks();
		int partitions = partitions(endpoint, keys);
		Function<ListenerConsumer, WindshiftListenerContainer> containers = (bound) -> {
			if (batch) {
				Assert.isTrue(mode == AckMode.AUTO || methods.all().stream().allMatch(ListenerMethod::takesEvent),
						() -> "Invalid listener " + endpoint.describe()
								+ ": a MANUAL batch listener settles its events, so it takes List<Event<T>>");
				long waitNanos = ((endpoint.maxBatchWait() != null) ? endpoint.maxBatchWait() : defaults.maxBatchWait())
					.toNanos();
				Assert.isTrue(waitNanos >= 0,
						() -> "Invalid listener " + endpoint.describe() + ": maxBatchWait must not be negative");
				long pollMillis = defaults.settings().pollTimeout().toMillis();
				return new WindshiftListenerContainer(endpoint.id(), bound, workers, batchSize, autoStartup, executor,
						this.supervisor, this.pinger, defaults.settings(), (buffer, sizer, maxDeliveries, current) -> {
							ListenerEventHandler events = new ListenerEventHandler(endpoint.id(), methods, decoder,
									mode, policy, dlq, this.deadLetters, observer, callOptions, confirm, maxDeliveries,
									null);
							events.setIgnoreUnhandledTypes(endpoint.ignoreUnhandledTypes());
							events.setRetryInContainer(keys != null);
							BatchEventHandler handler = new BatchEventHandler(endpoint.id(), events, mode, observer,
									callOptions, confirm, forwarder);
							return new BatchWorker(endpoint.id(), buffer, handler, sizer, pollMillis, current,
									batchSize, waitNanos);
						});
			}
			else {
				return new WindshiftListenerContainer(endpoint.id(), bound, (maxDeliveries) -> {
					ListenerEventHandler handler = new ListenerEventHandler(endpoint.id(), methods, decoder, mode,
							policy, dlq, this.deadLetters, observer, callOptions, confirm, maxDeliveries, forwarder);
					handler.setIgnoreUnhandledTypes(endpoint.ignoreUnhandledTypes());
					handler.setRetryInContainer(keys != null);
					return handler;
				}, workers, autoStartup, executor, this.supervisor, this.pinger, defaults.settings());
			}
		};
		if (partitions == 1) {
			WindshiftListenerContainer container = containers.apply(consumer);
			if (keys != null) {
				container.orderBy(keys);
			}
			return container;
		}
		if (keys == null) {
			throw new IllegalStateException("checked: partitions need orderBy");
		}
		String name = Objects.requireNonNull(consumer.name(), "checked: partitions need a durable consumer");
		List<WindshiftListenerContainer> parts = new ArrayList<>();
		for (int i = 0; i < partitions; i++) {
			WindshiftListenerContainer part = containers
				.apply(consumer.named(PartitionedListenerContainer.consumerName(name, i, partitions)));
			part.orderBy(keys);
			part.partition(new PartitionFilter(endpoint.id(), keys, i, partitions));
			parts.add(part);
		}
		SimpleAsyncTaskExecutor changes = new SimpleAsyncTaskExecutor(endpoint.id() + "-partitions-");
		return new PartitionedListenerContainer(endpoint.id(), endpoint.stream(), name, parts, autoStartup,
				this.connection, changes, this.supervisor);
	}

	/**
	 * How many partitions an endpoint's keys are spread over, checked: more than one only
	 * for an ordered listener on a durable consumer.
	 */
	private static int partitions(WindshiftListenerEndpoint endpoint, @Nullable OrderingKeys keys) {
		Integer partitions = endpoint.partitions();
		if (partitions == null) {
			return 1;
		}
		Assert.isTrue(partitions >= 1, () -> "Invalid listener " + endpoint.describe() + ": partitions must be at "
				+ "least 1, not " + partitions);
		Assert.isTrue(partitions == 1 || keys != null,
				() -> "Invalid listener " + endpoint.describe()
						+ ": partitions only make sense with orderBy (they share the keys of an ordered listener among "
						+ "its instances)");
		Assert.isTrue(partitions == 1 || endpoint.consumer() != null, () -> "Invalid listener " + endpoint.describe()
				+ ": partitions need a durable consumer (each partition gets one named <consumer>-p<i>-of-<n>)");
		return partitions;
	}

	private @Nullable OrderingKeys orderingKeys(WindshiftListenerEndpoint endpoint, HandlerMethods methods,
			AckMode mode, ListenerContainerWiring wiring) {
		try {
			OrderingKeys keys = OrderingKeys.of(endpoint.orderBy(), wiring.orderingKeys(), methods,
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

	private @Nullable String deadLetterSubject(WindshiftListenerEndpoint endpoint, Defaults defaults,
			ListenerContainerWiring wiring) {
		if (endpoint.deadLetterSubject() != null) {
			return endpoint.deadLetterSubject();
		}
		DeadLetterStream stream = wiring.deadLetterStream();
		if (defaults.deadLetterSubject() != null || stream == null) {
			return defaults.deadLetterSubject();
		}
		stream.require();
		return DeadLetterStream.subject(endpoint.stream(),
				(endpoint.consumer() != null) ? endpoint.consumer() : endpoint.id());
	}

	private @Nullable EventForwarder forwarder(WindshiftListenerEndpoint endpoint, HandlerMethods methods, AckMode mode,
			ListenerContainerWiring wiring) {
		if (methods.all().stream().noneMatch(ListenerMethod::forwards)) {
			return null;
		}
		Assert.isTrue(mode == AckMode.AUTO,
				() -> "Invalid listener " + endpoint.describe()
						+ ": it returns events to forward, which are published before its event is acknowledged; that "
						+ "needs ackMode AUTO (with MANUAL, publish with WindshiftTemplate before settling)");
		WindshiftTemplate template = wiring.template();
		Assert.state(template != null, () -> "Invalid listener " + endpoint.describe()
				+ ": it returns events to forward, but there is no WindshiftTemplate to publish them with");
		return new EventForwarder(template, endpoint.id());
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
	private static int batchSize(WindshiftListenerEndpoint endpoint, boolean batch, Defaults defaults) {
		if (!batch) {
			Assert.isTrue(endpoint.maxBatchSize() == null && endpoint.maxBatchWait() == null,
					() -> "Invalid listener " + endpoint.describe() + ": maxBatchSize and maxBatchWait are for batch "
							+ "listeners, whose method takes a List");
			return 1;
		}
		int size = orDefault(endpoint.maxBatchSize(), defaults.maxBatchSize());
		int maxPrefetch = defaults.settings().maxPrefetch();
		Assert.isTrue(size > 0, () -> "Invalid listener " + endpoint.describe() + ": maxBatchSize must be positive");
		Assert.isTrue(size <= maxPrefetch, () -> "Invalid listener " + endpoint.describe() + ": maxBatchSize " + size
				+ " exceeds windshift.listener.max-prefetch (" + maxPrefetch + "): no batch could fill");
		Assert.isTrue(endpoint.maxPendingEvents() == null || endpoint.maxPendingEvents() >= size,
				() -> "Invalid listener " + endpoint.describe() + ": maxPendingEvents " + endpoint.maxPendingEvents()
						+ " is below maxBatchSize " + size + ": no batch could fill");
		return size;
	}

	private static RejectPolicy rejectPolicy(WindshiftListenerEndpoint endpoint, String name,
			ListenerContainerWiring wiring) {
		try {
			return wiring.rejectPolicies().apply(name);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("Invalid listener " + endpoint.describe()
					+ ": no RejectPolicy bean named '" + name + "' (" + ex.getMessage() + ")", ex);
		}
	}

	private static int orDefault(@Nullable Integer value, int fallback) {
		return (value != null) ? value : fallback;
	}

	/**
	 * The factory's defaults when a container is made ({@code windshift.listener.*}
	 * unless set otherwise), for the settings an endpoint leaves unset.
	 */
	record Defaults(int concurrency, AckMode ackMode, Duration processingTimeout, int maxDeliveryAttempts,
			int maxPendingEvents, String consumeFrom, @Nullable String deadLetterSubject, boolean autoStartup,
			boolean virtualThreads, boolean confirmAcks, CallOptions callOptions, Duration ephemeralInactiveThreshold,
			int maxBatchSize, Duration maxBatchWait, ContainerSettings settings) {
	}

}
