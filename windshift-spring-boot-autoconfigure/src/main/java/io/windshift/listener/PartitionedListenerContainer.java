package io.windshift.listener;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

import io.nats.client.Connection;
import io.nats.client.api.ConsumerInfo;
import org.jspecify.annotations.Nullable;

/**
 * The container of a partitioned listener ({@link WindshiftListener#partitions()}): a
 * {@link WindshiftListenerContainer} per partition, each on its own durable consumer
 * ({@code <consumer>-p<i>-of-<n>}) and handling the events whose ordering key falls in
 * its partition; the partitions are shared among the instances that run the listener
 * ({@link PartitionMembers}, {@link PartitionAssignment}), and this instance runs its
 * share ({@link PartitionSwitches}). The registry, health and the actuator see one
 * listener: pausing, resuming and stopping apply to every partition.
 */
final class PartitionedListenerContainer implements ListenerContainer {

	private final String listenerId;

	private final String consumer;

	private final List<WindshiftListenerContainer> partitions;

	private final boolean autoStartup;

	private final PartitionMembers members;

	private final PartitionSwitches switches;

	private final Object monitor = new Object();

	private volatile boolean running;

	private volatile boolean paused;

	/**
	 * @param consumer the listener's consumer, whose name the partitions' consumers
	 * extend
	 * @param partitions the partitions' containers, in partition order
	 * @param changes runs the partitions' starts and stops
	 * @param timer runs the heartbeats
	 */
	PartitionedListenerContainer(String listenerId, String stream, String consumer,
			List<WindshiftListenerContainer> partitions, boolean autoStartup, Connection connection, Executor changes,
			ScheduledExecutorService timer) {
		this.listenerId = listenerId;
		this.consumer = consumer;
		this.partitions = List.copyOf(partitions);
		this.autoStartup = autoStartup;
		Duration processingTimeout = partitions.get(0).consumerDefinition().processingTimeout();
		this.members = new PartitionMembers(listenerId, connection, PartitionMembers.subject(stream, consumer),
				PartitionMembers.interval(processingTimeout), partitions.size(), timer, this::membersChanged);
		this.switches = new PartitionSwitches(listenerId, partitions, changes);
	}

	/** The name of a partition's consumer. */
	static String consumerName(String consumer, int partition, int partitions) {
		return consumer + "-p" + partition + "-of-" + partitions;
	}

	/** The partitions' containers, in partition order. */
	List<WindshiftListenerContainer> partitions() {
		return this.partitions;
	}

	/** The partitions this instance runs or is starting. */
	Set<Integer> assigned() {
		return this.switches.assigned();
	}

	/** The live instances of this listener that this one knows of, itself included. */
	int memberCount() {
		return this.members.members().size();
	}

	private void membersChanged(List<String> live) {
		synchronized (this.monitor) {
			if (this.running) {
				this.switches.assign(PartitionAssignment.owned(live, this.members.self(), this.partitions.size()));
			}
		}
	}

	@Override
	public String getListenerId() {
		return this.listenerId;
	}

	@Override
	public ListenerState getState() {
		if (!this.running) {
			return ListenerState.STOPPED;
		}
		if (this.paused) {
			return ListenerState.PAUSED;
		}
		for (WindshiftListenerContainer partition : this.partitions) {
			if (partition.getState() == ListenerState.RECOVERING) {
				return ListenerState.RECOVERING;
			}
		}
		return ListenerState.RUNNING;
	}

	@Override
	public String getStream() {
		return this.partitions.get(0).getStream();
	}

	/** The listener's consumer, whose name the partitions' consumers extend. */
	@Override
	public String getConsumerName() {
		return this.consumer;
	}

	/** How many workers each partition this instance runs has. */
	@Override
	public int getConcurrency() {
		return this.partitions.get(0).getConcurrency();
	}

	/** The consumer of the first partition this instance runs, as last described. */
	@Override
	public @Nullable ConsumerInfo getLastConsumerInfo() {
		for (WindshiftListenerContainer partition : this.partitions) {
			ConsumerInfo info = partition.isRunning() ? partition.getLastConsumerInfo() : null;
			if (info != null) {
				return info;
			}
		}
		return null;
	}

	@Override
	public int getInFlightCount() {
		return this.partitions.stream().mapToInt(WindshiftListenerContainer::getInFlightCount).sum();
	}

	@Override
	public boolean isPaused() {
		return this.paused;
	}

	@Override
	public void pause() {
		this.paused = true;
		this.partitions.forEach(WindshiftListenerContainer::pause);
	}

	@Override
	public void resume() {
		this.paused = false;
		this.partitions.forEach(WindshiftListenerContainer::resume);
	}

	@Override
	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Ensures every partition's consumer (so that each keeps the events of its partition
	 * from now on, whoever runs it) and joins the listener's members; the partitions this
	 * instance owns start once it knows the others (within half a second).
	 * @throws io.windshift.events.WindshiftException if a consumer cannot be bound for
	 * good
	 */
	@Override
	public void start() {
		synchronized (this.monitor) {
			if (this.running) {
				return;
			}
			for (WindshiftListenerContainer partition : this.partitions) {
				partition.prepare();
			}
			this.running = true;
		}
		this.members.start();
	}

	/**
	 * Leaves the members and stops every partition gracefully (see
	 * {@link WindshiftListenerContainer#stop()}); returns once all have stopped.
	 */
	@Override
	public void stop() {
		CountDownLatch stopped = new CountDownLatch(1);
		stop(stopped::countDown);
		try {
			stopped.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void stop(Runnable callback) {
		boolean wasRunning;
		synchronized (this.monitor) {
			wasRunning = this.running;
			this.running = false;
		}
		if (!wasRunning) {
			callback.run();
			return;
		}
		this.members.stop();
		CompletableFuture<Void> stopped = this.switches.stopAll();
		stopped.whenComplete((result, ex) -> callback.run());
	}

	@Override
	public String toString() {
		return "PartitionedListenerContainer[" + this.listenerId + ", " + getState() + ", partitions "
				+ this.switches.assigned() + " of " + this.partitions.size() + "]";
	}

}
