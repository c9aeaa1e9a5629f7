package io.windshift.listener;

import java.time.Duration;

import io.nats.client.Connection;
import org.jspecify.annotations.Nullable;

import io.windshift.admin.WindshiftAdmin;
import io.windshift.consumers.ConsumerDefinition;

import io.windshift.events.CallOptions;
import io.windshift.events.JetStreamEvent;
import io.windshift.events.ProtobufTypeRegistry;
import io.windshift.events.internal.TimerThreads;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.Assert;

/**
 * Makes a {@link WindshiftListenerContainer} per endpoint (a
 * {@code PartitionedListenerContainer} of them for a partitioned one), filling the
 * endpoint's unset settings with this factory's defaults (set from
 * {@code windshift.listener.*} by the auto-configuration). Owns the threads shared by all
 * its containers: the auto-pinger and the consumer supervisor.
 *
 * <p>
 * The setters are API: a user-built factory takes them, or gets them from
 * {@code WindshiftListenerContainerFactoryConfigurer}, which also applies what the
 * application context contributes (observers, bean lookups, the template: a
 * {@link ListenerContainerWiring}). {@code ContainerAssembler} puts each container
 * together.
 */
public class ListenerContainerFactory implements DisposableBean {

	private final WindshiftAdmin admin;

	private final AutoPinger pinger = new AutoPinger();

	private final ThreadPoolTaskScheduler supervisor = TimerThreads.single("windshift-listener-supervisor");

	private final ContainerAssembler assembler;

	private ListenerContainerWiring wiring = ListenerContainerWiring.none();

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

	private Duration ephemeralInactiveThreshold = Duration.ofHours(1);

	private boolean virtualThreads;

	private CallOptions callOptions = JetStreamEvent.DEFAULT_CALL_OPTIONS;

	private int maxBatchSize = 100;

	private Duration maxBatchWait = Duration.ofMillis(100);

	public ListenerContainerFactory(Connection connection, WindshiftAdmin admin, ProtobufTypeRegistry types,
			DeadLetterPublisher deadLetters, RejectPolicy defaultRejectPolicy) {
		this.admin = admin;
		this.assembler = new ContainerAssembler(connection, admin, types, deadLetters, defaultRejectPolicy, this.pinger,
				this.supervisor.getScheduledExecutor());
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
	public ListenerContainer createContainer(WindshiftListenerEndpoint endpoint) {
		ContainerSettings settings = new ContainerSettings(this.pollTimeout, this.shutdownTimeout,
				this.consumerCheckInterval, this.pingInterval, this.pingFraction, this.maxPrefetch,
				this.maxPrefetchBytes);
		ContainerAssembler.Defaults defaults = new ContainerAssembler.Defaults(this.concurrency, this.ackMode,
				this.processingTimeout, this.maxDeliveryAttempts, this.maxPendingEvents, this.consumeFrom,
				this.deadLetterSubject, this.autoStartup, this.virtualThreads, this.confirmAcks, this.callOptions,
				this.ephemeralInactiveThreshold, this.maxBatchSize, this.maxBatchWait, settings);
		return this.assembler.assemble(endpoint, defaults, this.wiring);
	}

	/** The auto-pinger shared by the containers. */
	AutoPinger getPinger() {
		return this.pinger;
	}

	@Override
	public void destroy() {
		this.pinger.close();
		this.supervisor.shutdown();
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
	 * The most bytes of event data a container holds fetched ahead or requested (64 MB by
	 * default); a single larger event is still fetched, alone.
	 */
	public void setMaxPrefetchBytes(long maxPrefetchBytes) {
		Assert.isTrue(maxPrefetchBytes > 0, "maxPrefetchBytes must be positive");
		this.maxPrefetchBytes = maxPrefetchBytes;
	}

	/**
	 * The most events a container holds at once (fetched ahead of its workers and being
	 * handled); it also stays within the consumer's max pending events and adapts to the
	 * handling time.
	 */
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

	/**
	 * What the application context contributes (see
	 * {@link ListenerContainerWiring#applyTo}).
	 */
	void setWiring(ListenerContainerWiring wiring) {
		this.wiring = wiring;
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
