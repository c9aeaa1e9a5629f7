package io.windshift.listener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The live instances of one partitioned listener, over core NATS (no JetStream): every
 * heartbeat interval each instance publishes its id (random per start) and its number of
 * partitions on {@code _WINDSHIFT.members.<stream>.<consumer>} and hears the others there
 * (those with another number of partitions, during a change of it, do not count); an
 * instance unseen for {@value #MISSED_HEARTBEATS} intervals is gone, one that stops says
 * so. Each interval, on the timer thread, the live members (this one included, sorted by
 * id) go to a callback that must not block. An instance that hears a new member answers
 * at once, so that a newcomer knows the others before its first interval ends.
 */
final class PartitionMembers {

	private static final Log logger = LogFactory.getLog(PartitionMembers.class);

	/** The subjects of the heartbeats, followed by {@code <stream>.<consumer>}. */
	static final String SUBJECT_PREFIX = "_WINDSHIFT.members.";

	/** How many heartbeat intervals a member may stay silent before it is gone. */
	static final int MISSED_HEARTBEATS = 3;

	/** The shortest heartbeat interval. */
	static final Duration MIN_INTERVAL = Duration.ofMillis(200);

	/** The longest wait for the other members before the first callback. */
	static final Duration MAX_FIRST_WAIT = Duration.ofMillis(500);

	/** What a member that stops publishes before its id. */
	private static final String LEAVING = "leaving:";

	private final String listenerId;

	private final Connection connection;

	private final String subject;

	private final Duration interval;

	/** What this member says each interval: its id and its number of partitions. */
	private final String heartbeat;

	/** The end of the heartbeats of members with as many partitions. */
	private final String partitions;

	private final ScheduledExecutorService timer;

	private final Consumer<List<String>> members;

	private final String self = UUID.randomUUID().toString();

	/** The other members by id: when each was last heard ({@link System#nanoTime()}). */
	private final Map<String, Long> lastHeard = new ConcurrentHashMap<>();

	private @Nullable Dispatcher dispatcher;

	private @Nullable ScheduledFuture<?> ticks;

	/**
	 * @param partitions the listener's number of partitions
	 * @param members called each interval with the live members' ids, sorted
	 */
	PartitionMembers(String listenerId, Connection connection, String subject, Duration interval, int partitions,
			ScheduledExecutorService timer, Consumer<List<String>> members) {
		this.listenerId = listenerId;
		this.connection = connection;
		this.subject = subject;
		this.interval = interval;
		this.partitions = " " + partitions;
		this.heartbeat = this.self + this.partitions;
		this.timer = timer;
		this.members = members;
	}

	/** The subject on which the members of a listener's consumer meet. */
	static String subject(String stream, String consumer) {
		return SUBJECT_PREFIX + stream + "." + consumer;
	}

	/** The heartbeat interval: a sixth of the processing timeout, at least 200 ms. */
	static Duration interval(Duration processingTimeout) {
		Duration sixth = processingTimeout.dividedBy(6);
		return (sixth.compareTo(MIN_INTERVAL) < 0) ? MIN_INTERVAL : sixth;
	}

	/** This instance's id. */
	String self() {
		return this.self;
	}

	/** Joins: listens, says it is here, and calls back each interval from now on. */
	synchronized void start() {
		if (this.ticks != null) {
			return;
		}
		Dispatcher listening = this.connection.createDispatcher(this::heard);
		listening.subscribe(this.subject);
		this.dispatcher = listening;
		publish(this.heartbeat);
		long first = Math.min(this.interval.toMillis(), MAX_FIRST_WAIT.toMillis());
		this.ticks = this.timer.scheduleWithFixedDelay(this::tick, first, this.interval.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	/** Leaves: says so, stops listening and calling back. */
	synchronized void stop() {
		ScheduledFuture<?> scheduled = this.ticks;
		if (scheduled == null) {
			return;
		}
		scheduled.cancel(false);
		this.ticks = null;
		publish(LEAVING + this.self);
		Dispatcher listening = this.dispatcher;
		this.dispatcher = null;
		if (listening != null) {
			try {
				this.connection.closeDispatcher(listening);
			}
			catch (RuntimeException ex) {
				logger.debug("Listener '" + this.listenerId + "' could not stop hearing its members: " + ex);
			}
		}
		this.lastHeard.clear();
	}

	/** The live members' ids, sorted, this one included. */
	List<String> members() {
		long now = System.nanoTime();
		long silence = this.interval.toNanos() * MISSED_HEARTBEATS;
		this.lastHeard.entrySet().removeIf((member) -> now - member.getValue() > silence);
		return Stream.concat(Stream.of(this.self), this.lastHeard.keySet().stream()).distinct().sorted().toList();
	}

	private void heard(Message message) {
		String body = new String(message.getData(), StandardCharsets.UTF_8);
		if (body.startsWith(LEAVING)) {
			if (this.lastHeard.remove(body.substring(LEAVING.length())) != null) {
				// the others take its partitions now rather than at the next interval
				tickSoon();
			}
			return;
		}
		if (!body.endsWith(this.partitions) || body.equals(this.heartbeat)) {
			return;
		}
		String member = body.substring(0, body.length() - this.partitions.length());
		if (!member.isEmpty() && this.lastHeard.put(member, System.nanoTime()) == null) {
			publish(this.heartbeat);
		}
	}

	private void tickSoon() {
		try {
			this.timer.execute(this::tick);
		}
		catch (RejectedExecutionException ex) {
			// shutting down
		}
	}

	private synchronized void tick() {
		if (this.ticks == null) {
			return;
		}
		publish(this.heartbeat);
		try {
			this.members.accept(members());
		}
		catch (RuntimeException ex) {
			logger.warn("Listener '" + this.listenerId + "' could not apply its partitions: " + ex, ex);
		}
	}

	private void publish(String body) {
		try {
			this.connection.publish(this.subject, body.getBytes(StandardCharsets.UTF_8));
		}
		catch (RuntimeException ex) {
			// the connection is closed or reconnecting: the others hear from it again
			// once it is back, or count it gone
			logger.debug("Listener '" + this.listenerId + "' could not reach its members: " + ex);
		}
	}

}
