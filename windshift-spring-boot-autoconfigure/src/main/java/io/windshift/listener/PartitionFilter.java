package io.windshift.listener;

import java.util.concurrent.atomic.AtomicLong;

import io.nats.client.Message;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.windshift.events.internal.AckReplies;

/**
 * The container of one partition of a partitioned listener sees every event of the
 * stream; this tells which belong to other partitions (by their ordering key, see
 * {@link KeyPartitions}) and acknowledges those at once, before they reach the ordering,
 * the handler or the reject policy: the container of their own partition handles them.
 */
final class PartitionFilter {

	private static final Log logger = LogFactory.getLog(PartitionFilter.class);

	private final String listenerId;

	private final OrderingKeys keys;

	private final int partition;

	private final int partitions;

	private final AtomicLong skipped = new AtomicLong();

	PartitionFilter(String listenerId, OrderingKeys keys, int partition, int partitions) {
		this.listenerId = listenerId;
		this.keys = keys;
		this.partition = partition;
		this.partitions = partitions;
	}

	/** Whether an event belongs to another partition. */
	boolean skips(Message message) {
		String key;
		try {
			key = this.keys.keyOf(message);
		}
		catch (RuntimeException ex) {
			// the KeyedScheduler orders such events under the empty key: so does this
			key = "";
		}
		return KeyPartitions.of(key, this.partitions) != this.partition;
	}

	/**
	 * Acknowledges an event of another partition (fire-and-forget: if the ack is lost,
	 * the event comes back after the processing timeout and is skipped again).
	 */
	void skip(Message message) {
		this.skipped.incrementAndGet();
		try {
			AckReplies.ack(message);
		}
		catch (RuntimeException ex) {
			logger
				.debug("Listener '" + this.listenerId + "' could not acknowledge an event of another partition: " + ex);
		}
	}

	/** How many events of other partitions were acknowledged. */
	long skipped() {
		return this.skipped.get();
	}

}
