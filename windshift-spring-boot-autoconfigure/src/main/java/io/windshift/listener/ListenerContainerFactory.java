package io.windshift.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.BiPredicate;
import java.util.function.Function;

import io.nats.client.Connection;
import io.nats.client.api.ConsumerConfiguration;
import org.jspecify.annotations.Nullable;

import io.windshift.events.CallOptions;
import io.windshift.events.EventDecoder;
import io.windshift.events.JetStreamEvent;
import io.windshift.events.ProtobufTypeRegistry;

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

	private Duration ephemeralInactiveThreshold = Duration.ofHours(1);

	private boolean virtualThreads;

	private CallOptions callOptions = JetStreamEvent.DEFAULT_CALL_OPTIONS;

	private Function<String, RejectPolicy> rejectPolicies = (name) -> {
		throw new IllegalStateException("No reject policy bean named '" + name + "'");
	};

	private ListenerObserver observer = new ListenerObserver() {
	};

	private BiPredicate<String, String> declaredConsumers = (stream, name) -> false;

	public ListenerContainerFactory(Connection connection, ProtobufTypeRegistry types, DeadLetterPublisher deadLetters,
			RejectPolicy defaultRejectPolicy) {
		this.connection = connection;
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
		RejectPolicy policy = (endpoint.rejectPolicy() != null) ? this.rejectPolicies.apply(endpoint.rejectPolicy())
				: this.defaultRejectPolicy;
		String dlq = (endpoint.deadLetterSubject() != null) ? endpoint.deadLetterSubject() : this.deadLetterSubject;
		int workers = orDefault(endpoint.concurrency(), this.concurrency);
		Assert.isTrue(workers > 0, () -> "Invalid listener " + endpoint.describe() + ": concurrency must be positive");
		EventDecoder decoder = new EventDecoder(this.types);
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(endpoint.id() + "-");
		executor.setVirtualThreads(this.virtualThreads);
		WindshiftListenerContainer.ContainerSettings settings = new WindshiftListenerContainer.ContainerSettings(
				this.pollTimeout, this.shutdownTimeout, this.consumerCheckInterval, this.pingInterval,
				this.pingFraction);
		return new WindshiftListenerContainer(endpoint.id(), consumer,
				(pingInterval, maxDeliveries) -> new ListenerEventHandler(endpoint.id(), method, decoder, mode, policy,
						dlq, this.deadLetters, this.observer, this.callOptions, this.pinger, pingInterval,
						maxDeliveries),
				workers, (endpoint.autoStartup() != null) ? endpoint.autoStartup() : this.autoStartup, executor,
				this.supervisor, settings);
	}

	private ListenerConsumer consumer(WindshiftListenerEndpoint endpoint) {
		String name = endpoint.consumer();
		boolean declared = name != null && this.declaredConsumers.test(endpoint.stream(), name);
		try {
			ConsumerConfiguration configuration = ListenerConsumer.configuration(name, endpoint.subjects(),
					(endpoint.processingTimeout() != null) ? endpoint.processingTimeout() : this.processingTimeout,
					(endpoint.consumeFrom() != null) ? endpoint.consumeFrom() : this.consumeFrom,
					orDefault(endpoint.maxDeliveryAttempts(), this.maxDeliveryAttempts),
					orDefault(endpoint.maxPendingEvents(), this.maxPendingEvents), this.ephemeralInactiveThreshold);
			return new ListenerConsumer(this.connection, endpoint.stream(), name, declared, configuration);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Invalid listener " + endpoint.describe() + ": " + ex.getMessage(), ex);
		}
	}

	private static int orDefault(@Nullable Integer value, int fallback) {
		return (value != null) ? value : fallback;
	}

	/** The auto-pinger shared by the containers. */
	public AutoPinger getPinger() {
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

	/** Maximum deliveries of an event for consumers created here; -1 for unlimited. */
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

	/** Tells whether a consumer is declared elsewhere (then it is bound as it is, not created from the listener). */
	public void setDeclaredConsumers(BiPredicate<String, String> declaredConsumers) {
		this.declaredConsumers = declaredConsumers;
	}

}
