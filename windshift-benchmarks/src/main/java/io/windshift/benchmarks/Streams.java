package io.windshift.benchmarks;

import java.io.IOException;
import java.time.Duration;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;

/** The streams of the benchmark, all with file storage. */
final class Streams {

	/** Publish benchmarks: purged before every round. */
	static final String PUBLISH = "bench-publish";

	/**
	 * The consume backlog, published once and drained by a fresh consumer every round.
	 */
	static final String BACKLOG = "bench-backlog";

	/** Latency runs: each side on its own subject. */
	static final String LATENCY = "bench-latency";

	/**
	 * The ordered consume backlog: events spread over 1,000 keys (subjects
	 * {@code bench-keyed.k<n>.tick}).
	 */
	static final String KEYED = "bench-keyed";

	/** The memory run's backlog. */
	static final String MEMORY = "bench-memory";

	/**
	 * Where the forwarding pair publishes: recreated before every round (which also
	 * clears its deduplication).
	 */
	static final String FORWARD = "bench-forward";

	private Streams() {
	}

	/**
	 * Creates the streams; retries for a while, as a fresh cluster may not answer at
	 * once.
	 */
	static void create(Connection connection, int replicas) throws Exception {
		JetStreamManagement jsm = connection.jetStreamManagement();
		for (String stream : new String[] { PUBLISH, BACKLOG, LATENCY, MEMORY, FORWARD, KEYED }) {
			StreamConfiguration config = config(stream, replicas);
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (true) {
				try {
					jsm.addStream(config);
					break;
				}
				catch (IOException | JetStreamApiException ex) {
					if (System.nanoTime() > deadline) {
						throw new IllegalStateException("Could not create stream '" + stream + "'", ex);
					}
					Thread.sleep(500);
				}
			}
		}
	}

	private static StreamConfiguration config(String stream, int replicas) {
		return StreamConfiguration.builder()
			.name(stream)
			.subjects(stream + ".>")
			.storageType(StorageType.File)
			.replicas(replicas)
			.build();
	}

	/** Deletes and creates a stream again: empty, with no idempotency keys remembered. */
	static void recreate(Connection connection, String stream, int replicas) throws IOException, JetStreamApiException {
		JetStreamManagement jsm = connection.jetStreamManagement();
		jsm.deleteStream(stream);
		jsm.addStream(config(stream, replicas));
	}

	static void purge(Connection connection, String stream) throws IOException, JetStreamApiException {
		connection.jetStreamManagement().purgeStream(stream);
	}

}
