package io.windshift.listener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.protobuf.Message;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;

import io.windshift.autoconfigure.WindshiftConnectionAutoConfiguration;
import io.windshift.autoconfigure.WindshiftListenerAutoConfiguration;
import io.windshift.events.WireHeaders;
import io.windshift.test.proto.OrderCreated;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Helpers for listener integration tests: publishing test events the way windshift-go
 * does, streams with unique names, and a context runner with the listener
 * auto-configuration.
 */
final class ListenerTestSupport {

	private static final AtomicInteger counter = new AtomicInteger();

	private ListenerTestSupport() {
	}

	static Connection connect(String... urls) throws Exception {
		return Nats
			.connect(Options.builder().servers(urls).maxReconnects(-1).reconnectWait(Duration.ofMillis(100)).build());
	}

	/**
	 * Creates a stream {@code <prefix><n>} on subjects {@code <prefix><n>.>} and returns
	 * its name.
	 */
	static String createStream(Connection connection, String prefix) throws Exception {
		return createStream(connection, prefix, 1);
	}

	static String createStream(Connection connection, String prefix, int replicas) throws Exception {
		String name = prefix + counter.incrementAndGet();
		JetStreamManagement jsm = connection.jetStreamManagement();
		jsm.addStream(StreamConfiguration.builder()
			.name(name)
			.subjects(name + ".>")
			.storageType(StorageType.File)
			.replicas(replicas)
			.build());
		return name;
	}

	static ApplicationContextRunner runner(String... urls) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WindshiftConnectionAutoConfiguration.class,
					WindshiftListenerAutoConfiguration.class))
			.withPropertyValues("windshift.nats.servers=" + String.join(",", urls),
					"windshift.listener.consume-from=start", "windshift.listener.poll-timeout=1200ms",
					"windshift.listener.consumer-check-interval=500ms", "windshift.listener.shutdown-timeout=5s");
	}

	static PublishAck publish(Connection connection, String subject, Message data) throws Exception {
		Headers headers = new Headers();
		headers.put(WireHeaders.DATA_TYPE, data.getDescriptorForType().getFullName());
		headers.put(WireHeaders.PUBLISHED_TIME, Instant.now().toString());
		return publish(connection, subject, headers, data.toByteArray());
	}

	static PublishAck publish(Connection connection, String subject, Headers headers, byte[] payload) throws Exception {
		return connection.jetStream()
			.publish(NatsMessage.builder().subject(subject).headers(headers).data(payload).build());
	}

	/** An {@link OrderCreated} with just the given order id. */
	static OrderCreated order(String id) {
		return OrderCreated.newBuilder().setOrderId(id).build();
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static ConsumerInfo consumerInfo(Connection connection, String stream, String consumer) throws Exception {
		return connection.jetStreamManagement().getConsumerInfo(stream, consumer);
	}

	/** Collects what listeners receive. */
	static class Received<T> {

		final List<T> items = new CopyOnWriteArrayList<>();

		void add(T item) {
			this.items.add(item);
		}

		int size() {
			return this.items.size();
		}

	}

}
