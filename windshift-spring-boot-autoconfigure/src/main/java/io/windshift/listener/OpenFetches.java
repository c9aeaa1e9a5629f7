package io.windshift.listener;

import java.util.ArrayDeque;

import io.nats.client.FetchConsumer;
import io.nats.client.JetStreamStatusCheckedException;
import io.nats.client.Message;
import org.jspecify.annotations.Nullable;

/**
 * The batches a {@link BatchFetcher} requested and has not finished reading, oldest first: at most
 * {@link #MAX_OPEN}, so that the next batch is on its way while the current one arrives (the server serves pull
 * requests in order). Knows how many requested events are still to come. Used by the fetcher thread only.
 */
final class OpenFetches implements AutoCloseable {

	/** How many batches may be requested at once. */
	static final int MAX_OPEN = 2;

	private final ArrayDeque<Open> open = new ArrayDeque<>(MAX_OPEN);

	private int outstanding;

	/** Whether no batch is open. */
	boolean isEmpty() {
		return this.open.isEmpty();
	}

	/** Whether another batch may be requested. */
	boolean hasRoom() {
		return this.open.size() < MAX_OPEN;
	}

	/** Requested events still to come (at most: a batch may end early when its request expires). */
	int outstanding() {
		return this.outstanding;
	}

	/** Adds a requested batch of {@code requested} events. */
	void add(FetchConsumer fetch, int requested) {
		this.open.addLast(new Open(fetch, requested));
		this.outstanding += requested;
	}

	/**
	 * The next event of the oldest batch, waiting for it; {@code null} when that batch ended (it is closed and
	 * removed). A batch that fails is closed and removed before the exception is thrown.
	 */
	@Nullable Message next() throws InterruptedException, JetStreamStatusCheckedException {
		Open oldest = this.open.peekFirst();
		if (oldest == null) {
			return null;
		}
		Message message;
		try {
			message = oldest.fetch.isFinished() ? null : oldest.fetch.nextMessage();
		}
		catch (InterruptedException | JetStreamStatusCheckedException | RuntimeException ex) {
			remove(oldest);
			throw ex;
		}
		if (message == null) {
			if (oldest.fetch.isFinished()) {
				remove(oldest);
			}
			return null;
		}
		oldest.received++;
		this.outstanding--;
		return message;
	}

	@Override
	public void close() {
		while (!this.open.isEmpty()) {
			remove(this.open.peekFirst());
		}
	}

	private void remove(Open batch) {
		this.open.remove(batch);
		this.outstanding -= Math.max(0, batch.requested - batch.received);
		try {
			batch.fetch.close();
		}
		catch (Exception ex) {
			// the subscription is gone either way
		}
	}

	private static final class Open {

		final FetchConsumer fetch;

		final int requested;

		int received;

		Open(FetchConsumer fetch, int requested) {
			this.fetch = fetch;
			this.requested = requested;
		}

	}

}
