package io.windshift.observation;

import io.micrometer.common.KeyValues;
import io.nats.client.impl.Headers;
import org.jspecify.annotations.Nullable;

/**
 * What an observation of one publish knows: the subject, the data type, the idempotency
 * key and, once the server answered, the stream and id. Trace context is written into the
 * outgoing headers.
 */
public class PublishObservationContext extends OutgoingContext<Headers> {

	private final String subject;

	private final String dataType;

	private final @Nullable String idempotencyKey;

	private @Nullable String stream;

	private @Nullable Long id;

	private @Nullable Boolean duplicate;

	/**
	 * The default convention's high-cardinality key values known before the server's
	 * answer (subject and data type), made once per publish.
	 */
	@Nullable KeyValues sentKeyValues;

	public PublishObservationContext(Headers headers, String subject, String dataType, @Nullable String idempotencyKey,
			TraceHeaders traceHeaders) {
		super(headers, traceHeaders.setter());
		this.subject = subject;
		this.dataType = dataType;
		this.idempotencyKey = idempotencyKey;
	}

	public String getSubject() {
		return this.subject;
	}

	public String getDataType() {
		return this.dataType;
	}

	public @Nullable String getIdempotencyKey() {
		return this.idempotencyKey;
	}

	public @Nullable String getStream() {
		return this.stream;
	}

	public @Nullable Long getId() {
		return this.id;
	}

	public @Nullable Boolean getDuplicate() {
		return this.duplicate;
	}

	/** Records the server's answer. */
	public void published(String stream, long id, boolean duplicate) {
		this.stream = stream;
		this.id = id;
		this.duplicate = duplicate;
	}

}
