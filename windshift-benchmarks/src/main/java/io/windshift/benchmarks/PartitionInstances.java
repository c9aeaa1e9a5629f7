package io.windshift.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Two instances of a partitioned listener: two Spring contexts in the benchmark's JVM
 * with the same consumer names, which share the listener's partitions through its
 * membership heartbeats. Notes how the handled events split between them in each round.
 */
final class PartitionInstances implements AutoCloseable {

	private final StarterSide first;

	private final StarterSide second;

	/** Per round: the events the first and the second instance handled. */
	private final List<long[]> splits = new ArrayList<>();

	private PartitionInstances(StarterSide first, StarterSide second) {
		this.first = first;
		this.second = second;
	}

	/** Starts both contexts, with consumer names prefixed by {@code prefix}. */
	static PartitionInstances start(String servers, String prefix, int window, int maxPending) {
		StarterSide first = StarterSide.start(servers, prefix, false, window, maxPending);
		try {
			return new PartitionInstances(first, StarterSide.start(servers, prefix, false, window, maxPending));
		}
		catch (RuntimeException ex) {
			first.close();
			throw ex;
		}
	}

	/**
	 * Drains a stream's backlog with the listener running on both instances, from its
	 * start (fresh consumers, one per partition); events per second until the two
	 * together handled {@code backlog} events.
	 */
	double consume(String listenerId, String stream, int backlog, int partitions) throws Exception {
		this.first.deleteConsumers(stream, listenerId, partitions);
		Drain firstDrain = this.first.drain(listenerId);
		Drain secondDrain = this.second.drain(listenerId);
		Drain.expectTogether(backlog, firstDrain, secondDrain);
		long start = System.nanoTime();
		try {
			this.first.startListener(listenerId);
			this.second.startListener(listenerId);
			firstDrain.await(Duration.ofMinutes(10), "listener " + listenerId + " on two instances");
			double rate = RawJnats.perSecond(backlog, System.nanoTime() - start);
			this.splits.add(new long[] { firstDrain.handled(), secondDrain.handled() });
			return rate;
		}
		finally {
			CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> this.second.stopListener(listenerId));
			this.first.stopListener(listenerId);
			stopped.join();
			this.first.deleteConsumers(stream, listenerId, partitions);
		}
	}

	/**
	 * The share of the handled events that the first instance handled in each round, in
	 * percent.
	 */
	List<Double> firstShares() {
		return this.splits.stream().map((split) -> 100.0 * split[0] / (split[0] + split[1])).toList();
	}

	@Override
	public void close() {
		try {
			this.second.close();
		}
		finally {
			this.first.close();
		}
	}

}
