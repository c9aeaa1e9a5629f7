package io.windshift.listener;

import java.io.IOException;
import java.util.Map;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;

import io.windshift.events.WindshiftException;
import io.windshift.events.internal.DeliveryMetadata;

/**
 * Republishes a given-up event to a dead-letter subject: the original payload and
 * headers, plus headers that say where it came from and why it failed. The publish is
 * confirmed by JetStream before it returns.
 */
public class DeadLetterPublisher {

	/** The stream the event was read from. */
	public static final String STREAM = "WS-DLQ-Stream";

	/** The subject it was published to. */
	public static final String SUBJECT = "WS-DLQ-Subject";

	/** Its id (stream sequence) in that stream. */
	public static final String ID = "WS-DLQ-Id";

	/** The consumer it was delivered through. */
	public static final String CONSUMER = "WS-DLQ-Consumer";

	/** How often it was delivered. */
	public static final String DELIVERY_ATTEMPTS = "WS-DLQ-Delivery-Attempts";

	/** Why it was given up: the failure or the poison reason. */
	public static final String REASON = "WS-DLQ-Reason";

	private static final int MAX_REASON_LENGTH = 1024;

	private final Connection connection;

	private final JetStreamOptions jetStreamOptions;

	public DeadLetterPublisher(Connection connection) {
		this(connection, JetStreamOptions.DEFAULT_JS_OPTIONS);
	}

	/**
	 * A publisher to the JetStream of a domain or API prefix.
	 * @param connection the connection to publish on
	 * @param jetStreamOptions which JetStream (domain, API prefix) stores the dead
	 * letters
	 */
	public DeadLetterPublisher(Connection connection, JetStreamOptions jetStreamOptions) {
		this.connection = connection;
		this.jetStreamOptions = jetStreamOptions;
	}

	/**
	 * Republishes the event and waits for JetStream to store it.
	 * @throws WindshiftException if it was not stored
	 */
	public void publish(Message original, String deadLetterSubject, String reason) {
		DeliveryMetadata metaData = DeliveryMetadata.of(original);
		Headers headers = new Headers();
		Headers originalHeaders = original.getHeaders();
		if (originalHeaders != null) {
			for (Map.Entry<String, java.util.List<String>> entry : originalHeaders.entrySet()) {
				if (!entry.getKey().startsWith("Nats-Expected-")) {
					headers.put(entry.getKey(), entry.getValue());
				}
			}
		}
		headers.put(STREAM, metaData.stream());
		headers.put(SUBJECT, original.getSubject());
		headers.put(ID, Long.toString(metaData.streamSequence()));
		headers.put(CONSUMER, metaData.consumer());
		headers.put(DELIVERY_ATTEMPTS, Long.toString(metaData.deliveredCount()));
		headers.put(REASON, headerSafe(reason));
		NatsMessage message = NatsMessage.builder()
			.subject(deadLetterSubject)
			.headers(headers)
			.data(original.getData())
			.build();
		try {
			this.connection.jetStream(this.jetStreamOptions).publish(message);
		}
		catch (IOException | JetStreamApiException | RuntimeException ex) {
			throw new WindshiftException("Could not dead-letter event " + metaData.streamSequence() + " of stream '"
					+ metaData.stream() + "' to subject '" + deadLetterSubject + "': " + ex.getMessage(), ex, true);
		}
	}

	private static String headerSafe(String reason) {
		String singleLine = reason.replaceAll("[\\r\\n]+", " ");
		return (singleLine.length() <= MAX_REASON_LENGTH) ? singleLine
				: singleLine.substring(0, MAX_REASON_LENGTH) + "...";
	}

}
