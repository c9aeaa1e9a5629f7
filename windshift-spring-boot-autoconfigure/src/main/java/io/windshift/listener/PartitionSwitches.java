package io.windshift.listener;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Starts and stops the containers of a partitioned listener's partitions as its share
 * changes, off the caller's thread (the heartbeat's must not wait for a graceful stop),
 * one change at a time per partition: a partition stopped (gracefully, see
 * {@link WindshiftListenerContainer#stop()}) and given back before the stop ended starts
 * again once it has.
 */
final class PartitionSwitches {

	private static final Log logger = LogFactory.getLog(PartitionSwitches.class);

	private final String listenerId;

	private final List<WindshiftListenerContainer> partitions;

	private final Executor executor;

	/** Whether each partition should run: the last change asked of it. */
	private final boolean[] wanted;

	/** The last change of each partition, done or under way. */
	private final CompletableFuture<?>[] last;

	PartitionSwitches(String listenerId, List<WindshiftListenerContainer> partitions, Executor executor) {
		this.listenerId = listenerId;
		this.partitions = List.copyOf(partitions);
		this.executor = executor;
		this.wanted = new boolean[partitions.size()];
		this.last = new CompletableFuture<?>[partitions.size()];
		for (int i = 0; i < this.last.length; i++) {
			this.last[i] = CompletableFuture.completedFuture(null);
		}
	}

	/** Runs the given partitions and stops the others. */
	synchronized void assign(Set<Integer> owned) {
		for (int i = 0; i < this.wanted.length; i++) {
			boolean want = owned.contains(i);
			if (want != this.wanted[i]) {
				this.wanted[i] = want;
				int partition = i;
				then(i, want ? () -> start(partition) : () -> stop(partition));
			}
		}
	}

	/** Stops every partition; completes when all have stopped. */
	synchronized CompletableFuture<Void> stopAll() {
		assign(Set.of());
		return CompletableFuture.allOf(this.last.clone());
	}

	/** The partitions this instance runs or is starting. */
	synchronized Set<Integer> assigned() {
		Set<Integer> assigned = new LinkedHashSet<>();
		for (int i = 0; i < this.wanted.length; i++) {
			if (this.wanted[i]) {
				assigned.add(i);
			}
		}
		return assigned;
	}

	private void then(int partition, Runnable change) {
		this.last[partition] = this.last[partition].handle((result, ex) -> null).thenRunAsync(change, this.executor);
	}

	private void start(int partition) {
		try {
			this.partitions.get(partition).start();
			logger.debug("Listener '" + this.listenerId + "' runs partition " + partition);
		}
		catch (RuntimeException ex) {
			logger.error("Listener '" + this.listenerId + "' could not start partition " + partition
					+ " (tried again at the next heartbeat): " + ex.getMessage(), ex);
			synchronized (this) {
				this.wanted[partition] = false;
			}
		}
	}

	private void stop(int partition) {
		this.partitions.get(partition).stop();
		logger.debug("Listener '" + this.listenerId + "' gave up partition " + partition);
	}

}
