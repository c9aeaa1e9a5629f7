package io.windshift.observation;

import java.util.List;

import io.nats.client.impl.Headers;
import org.jspecify.annotations.Nullable;

/**
 * What an observation of one atomic batch knows: the stream, the number of events and,
 * once the server stored them, the first and last id. Trace context is written into the
 * headers of every event of the batch.
 */
public class BatchPublishObservationContext extends OutgoingContext<List<Headers>> {

	private final String stream;

	private final int size;

	private @Nullable Long firstId;

	private @Nullable Long lastId;

	public BatchPublishObservationContext(List<Headers> headers, String stream, int size, TraceHeaders traceHeaders) {
		super(headers, traceHeaders.batchSetter());
		this.stream = stream;
		this.size = size;
	}

	public String getStream() {
		return this.stream;
	}

	/** The number of events in the batch. */
	public int getSize() {
		return this.size;
	}

	public @Nullable Long getFirstId() {
		return this.firstId;
	}

	public @Nullable Long getLastId() {
		return this.lastId;
	}

	/** Records the ids the server gave the batch. */
	public void published(long firstId, long lastId) {
		this.firstId = firstId;
		this.lastId = lastId;
	}

}
