package io.windshift.autoconfigure;

import io.nats.client.Connection;

import io.windshift.admin.WindshiftAdmin;
import io.windshift.events.ProtobufTypeRegistry;
import io.windshift.listener.DeadLetterPublisher;
import io.windshift.listener.ListenerContainerFactory;
import io.windshift.listener.ListenerContainerWiring;
import io.windshift.listener.RejectPolicy;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.util.unit.DataSize;

/**
 * Configures a {@link ListenerContainerFactory} as the auto-configured one is: the
 * {@code windshift.listener.*} defaults, the application's observers, reject policies and
 * declared consumers. Use it to declare another factory that differs in a few settings,
 * and name it in {@code @WindshiftListener(containerFactory = ...)}.
 */
public final class WindshiftListenerContainerFactoryConfigurer {

	private final Connection connection;

	private final WindshiftAdmin admin;

	private final ProtobufTypeRegistry types;

	private final DeadLetterPublisher deadLetters;

	private final RejectPolicy defaultRejectPolicy;

	private final WindshiftListenerProperties properties;

	private final boolean virtualThreads;

	private final ListenerContainerWiring wiring;

	WindshiftListenerContainerFactoryConfigurer(Connection connection, WindshiftAdmin admin, ProtobufTypeRegistry types,
			DeadLetterPublisher deadLetters, RejectPolicy defaultRejectPolicy, WindshiftListenerProperties properties,
			boolean virtualThreads, ListenerContainerWiring wiring) {
		this.connection = connection;
		this.admin = admin;
		this.types = types;
		this.deadLetters = deadLetters;
		this.defaultRejectPolicy = defaultRejectPolicy;
		this.properties = properties;
		this.virtualThreads = virtualThreads;
		this.wiring = wiring;
	}

	/**
	 * A new factory on the application's connection, configured by {@link #configure}.
	 */
	public ListenerContainerFactory createContainerFactory() {
		ListenerContainerFactory factory = new ListenerContainerFactory(this.connection, this.admin, this.types,
				this.deadLetters, this.defaultRejectPolicy);
		configure(factory);
		return factory;
	}

	/**
	 * Applies {@code windshift.listener.*} and the application's wiring to the factory.
	 */
	public void configure(ListenerContainerFactory factory) {
		WindshiftListenerProperties properties = this.properties;
		PropertyMapper map = PropertyMapper.get();
		map.from(properties::isAutoStartup).to(factory::setAutoStartup);
		map.from(properties::getConcurrency).to(factory::setConcurrency);
		map.from(properties::getAckMode).to(factory::setAckMode);
		map.from(properties::getProcessingTimeout).to(factory::setProcessingTimeout);
		map.from(properties::getMaxDeliveryAttempts).to(factory::setMaxDeliveryAttempts);
		map.from(properties::getMaxPendingEvents).to(factory::setMaxPendingEvents);
		map.from(properties::getConsumeFrom).to(factory::setConsumeFrom);
		map.from(properties::getDeadLetterSubject).to(factory::setDeadLetterSubject);
		map.from(properties::getShutdownTimeout).to(factory::setShutdownTimeout);
		map.from(properties::getMaxPrefetch).to(factory::setMaxPrefetch);
		map.from(properties::getMaxPrefetchBytes).as(DataSize::toBytes).to(factory::setMaxPrefetchBytes);
		map.from(properties::isConfirmAcks).to(factory::setConfirmAcks);
		map.from(properties::getPingInterval).to(factory::setPingInterval);
		map.from(properties::getPingFraction).to(factory::setPingFraction);
		map.from(properties::getPollTimeout).to(factory::setPollTimeout);
		map.from(properties::getConsumerCheckInterval).to(factory::setConsumerCheckInterval);
		map.from(properties::getEphemeralInactiveThreshold).to(factory::setEphemeralInactiveThreshold);
		map.from(properties::getMaxBatchSize).to(factory::setMaxBatchSize);
		map.from(properties::getMaxBatchWait).to(factory::setMaxBatchWait);
		factory.setVirtualThreads(this.virtualThreads);
		this.wiring.applyTo(factory);
	}

}
