package io.windshift.autoconfigure.testcontainers;

import io.windshift.autoconfigure.WindshiftConnectionDetails;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.testcontainers.containers.Container;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;

/**
 * {@link WindshiftConnectionDetails} for a Testcontainers container with the {@code nats}
 * image annotated with {@code @ServiceConnection}: the client port 4222 as mapped by
 * Docker. An {@code @Ssl...} annotation on the container supplies the SSL bundle (the URL
 * then uses {@code tls://}).
 */
class NatsContainerConnectionDetailsFactory
		extends ContainerConnectionDetailsFactory<Container<?>, WindshiftConnectionDetails> {

	/** The NATS client port inside the container. */
	static final int NATS_PORT = 4222;

	NatsContainerConnectionDetailsFactory() {
		super(List.of("nats", "library/nats"), "io.nats.client.Connection");
	}

	@Override
	protected WindshiftConnectionDetails getContainerConnectionDetails(ContainerConnectionSource<Container<?>> source) {
		return new NatsContainerConnectionDetails(source);
	}

	/**
	 * The details of one container.
	 */
	static final class NatsContainerConnectionDetails extends ContainerConnectionDetails<Container<?>>
			implements WindshiftConnectionDetails {

		NatsContainerConnectionDetails(ContainerConnectionSource<Container<?>> source) {
			super(source);
		}

		@Override
		public List<String> getServers() {
			Container<?> container = getContainer();
			String scheme = (getSslBundle() != null) ? "tls" : "nats";
			return List.of(scheme + "://" + container.getHost() + ":" + container.getMappedPort(NATS_PORT));
		}

		@Override
		public @Nullable SslBundle getSslBundle() {
			return super.getSslBundle();
		}

	}

}
