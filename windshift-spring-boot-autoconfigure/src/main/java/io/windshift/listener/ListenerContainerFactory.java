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
import io.windshift.events.EventDecoder;
import io.windshift.events.JetStreamEvent;
import io.windshift.events.PermissionViolations;
import io.windshift.events.ProtobufTypeRegistry;
import io.windshift.streams.StreamPointer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.util.Assert;

/**
 * Makes a {@link WindshiftListenerContainer} per endpoint, filling the endpoint's unset settings with this
 * factory's defaults (set from {@code windshift.listener.*} by the auto-configuration). Owns the threads
 * shared by all its containers: the auto-pinger and the consumer supervisor.
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

	private boolean confirmAcks;

	private @Nullable PermissionViolations permissionViolations;

	private Duration ephemeralInactiveThreshold = Duration.ofHours(1);

	private boolean virtualThreads;

	private CallOptions callOptions = JetStreamEvent.DEFAULT_CALL_OPTIONS;

	private Function<String, RejectPolicy> rejectPolicies = (name) -> {
		throw new IllegalStateException("No reject policy bean named '" + name + "'");
	};

	private ListenerObserver observer = new ListenerObserver() {
	};

	private DeclaredConsumers declaredConsumers = (stream, name) -> null;

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

	/**
	 * Makes the container of an endpoint.
	 * @throws IllegalArgumentException if the endpoint's settings are invalid, naming the listener
	 */
	public WindshiftListenerContainer createContainer(WindshiftListenerEndpoint endpoint) {
		ListenerMethod method;
		try {
			method = ListenerMethod.of(endpoint.bean(), endpoint.method());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Invalid listener " + endpoint.describe() + ": " + ex.getMessage(), ex);
		}
		if (method.dataType() != com.google.protobuf.Message.class) {
			this.types.register(method.dataType());
		}
		ListenerConsumer consumer = consumer(endpoint);
		AckMode mode = (endpoint.ackMode() != AckMode.DEFAULT) ? endpoint.ackMode() : this.ackMode;
		RejectPolicy policy = (endpoint.rejectPolicy() != null) ? rejectPolicy(endpoint, endpoint.rejectPolicy())
				: this.defaultRejectPolicy;
		String dlq = (endpoint.deadLetterSubject() != null) ? endpoint.deadLetterSubject() : this.deadLetterSubject;
		int workers = orDefault(endpoint.concurrency(), this.concurrency);
		Assert.isTrue(workers > 0, () -> "Invalid listener " + endpoint.describe() + ": concurrency must be positive");
		EventDecoder decoder = new EventDecoder(this.types);
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(endpoint.id() + "-");
		executor.setVirtualThreads(this.virtualThreads);
		ContainerSettings settings = new ContainerSettings(this.pollTimeout, this.shutdownTimeout,
				this.consumerCheckInterval, this.pingInterval, this.pingFraction, this.maxPrefetch);
		boolean confirm = this.confirmAcks;
		return new WindshiftListenerContainer(endpoint.id(), consumer,
				(maxDeliveries) -> new ListenerEventHandler(endpoint.id(), method, decoder, mode, policy, dlq,
						this.deadLetters, this.observer, this.callOptions, confirm, maxDeliveries),
				workers, (endpoint.autoStartup() != null) ? endpoint.autoStartup() : this.autoStartup, executor,
				this.supervisor, this.pinger, settings);
	}

	private RejectPolicy rejectPolicy(WindshiftListenerEndpoint endpoint, String name) {
		try {
			return this.rejectPolicies.apply(name);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("Invalid listener " + endpoint.describe() + ": no RejectPolicy bean named '"
					+ name + "' (" + ex.getMessage() + ")", ex);
		}
	}

	private ListenerConsumer consumer(WindshiftListenerEndpoint endpoint) {
		String name = endpoint.consumer();
		ConsumerDefinition declared = (name != null) ? this.declaredConsumers.find(endpoint.stream(), name) : null;
		if (declared != null) {
			return new ListenerConsumer(this.connection, this.admin, declared, true, this.permissionViolations);
		}
		try {
			int maxDeliveries = orDefault(endpoint.maxDeliveryAttempts(), this.maxDeliveryAttempts);
			ConsumerDefinition.Builder definition = ConsumerDefinition.builder(endpoint.stream())
				.name(name)
				.subjects(endpoint.subjects())
				.processingTimeout(
						(endpoint.processingTimeout() != null) ? endpoint.processingTimeout() : this.processingTimeout)
				.consumeFrom(StreamPointer
					.parse((endpoint.consumeFrom() != null) ? endpoint.consumeFrom() : this.consumeFrom))
				.maxDeliveryAttempts(Math.max(0, maxDeliveries))
				.maxPendingEvents(orDefault(endpoint.maxPendingEvents(), this.maxPendingEvents));
			if (name == null) {
				definition.inactiveThreshold(this.ephemeralInactiveThreshold);
			}
			return new ListenerConsumer(this.connection, this.admin, definition.build(), false,
					this.permissionViolations);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Invalid listener " + endpoint.describe() + ": " + ex.getMessage(), ex);
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

	/** Maximum deliveries of an event for consumers created here; 0 or less for unlimited. */
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

	/** How long one fetch waits for an event (at least 1 s; bounds how fast stop and pause take effect). */
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
	 * The most events a container holds at once (fetched ahead of its workers and being handled); it also
	 * stays within the consumer's max pending events and adapts to the handling time.
	 */
	public void setMaxPrefetch(int maxPrefetch) {
		Assert.isTrue(maxPrefetch > 0, "maxPrefetch must be positive");
		this.maxPrefetch = maxPrefetch;
	}

	/**
	 * Whether acks, rejects and pings wait for the server's confirmation; by default they are fire-and-forget
	 * (retried only when they cannot be sent).
	 */
	public void setConfirmAcks(boolean confirmAcks) {
		this.confirmAcks = confirmAcks;
	}

	/**
	 * The permission violations the server reports on the connection (fed by its error listener): with them, a
	 * listener on a consumer the NATS user may not use reports a permission error instead of a timeout.
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

	public void setObservers(List<ListenerObserver> observers) {
		this.observer = CompositeListenerObserver.of(observers);
	}

	/**
	 * Finds consumers declared elsewhere (beans, configuration): a listener naming one binds it as it is,
	 * and recreates it from that declaration if the server loses it.
	 */
	public void setDeclaredConsumers(DeclaredConsumers declaredConsumers) {
		this.declaredConsumers = declaredConsumers;
	}

	/** Finds a declared durable consumer by stream and name. */
	@FunctionalInterface
	public interface DeclaredConsumers {

		/** The declaration of the consumer, or {@code null} if it is not declared. */
		@Nullable ConsumerDefinition find(String stream, String name);

	}

}
