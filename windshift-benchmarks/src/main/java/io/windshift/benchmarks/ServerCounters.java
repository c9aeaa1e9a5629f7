package io.windshift.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import io.nats.client.support.JsonValueUtils;
import io.windshift.test.NatsServer;

/**
 * What a nats-server did so far for one client connection and in all (for
 * {@link MessageCounts}): the connection's messages and bytes in each direction (its
 * monitoring port's {@code /connz}; "in" is from the client to the server), the server's
 * CPU time and its read and write system calls ({@code /proc/<pid>/stat} and
 * {@code /proc/<pid>/io}), and this JVM's CPU time.
 *
 * @param inMsgs messages the connection sent to the server (acks, pull requests, API
 * requests)
 * @param inBytes their payload bytes
 * @param outMsgs messages the server delivered to the connection (events, statuses, API
 * replies)
 * @param outBytes their payload bytes
 * @param serverNanos the server's CPU time
 * @param serverReads the server's read system calls
 * @param serverWrites the server's write system calls
 * @param clientNanos this JVM's CPU time
 */
record ServerCounters(long inMsgs, long inBytes, long outMsgs, long outBytes, long serverNanos, long serverReads,
		long serverWrites, long clientNanos) {

	private static final long NANOS_PER_TICK = 10_000_000;

	/** The counters now, for the connection with this name. */
	static ServerCounters of(NatsServer server, String connectionName) {
		JsonValue connz = JsonParser.parseUnchecked(server.monitor("/connz?limit=4096"));
		JsonValue connection = new JsonValue();
		JsonValue all = JsonValueUtils.readValue(connz, "connections");
		if (all != null && all.array != null) {
			for (JsonValue candidate : all.array) {
				if (connectionName.equals(JsonValueUtils.readString(candidate, "name"))) {
					connection = candidate;
				}
			}
		}
		long pid = server.pid();
		return new ServerCounters(JsonValueUtils.readLong(connection, "in_msgs", 0),
				JsonValueUtils.readLong(connection, "in_bytes", 0), JsonValueUtils.readLong(connection, "out_msgs", 0),
				JsonValueUtils.readLong(connection, "out_bytes", 0), ticks(pid) * NANOS_PER_TICK, io(pid, "syscr"),
				io(pid, "syscw"), jvmCpuNanos());
	}

	/** What happened between {@code before} and this. */
	ServerCounters since(ServerCounters before) {
		return new ServerCounters(this.inMsgs - before.inMsgs, this.inBytes - before.inBytes,
				this.outMsgs - before.outMsgs, this.outBytes - before.outBytes, this.serverNanos - before.serverNanos,
				this.serverReads - before.serverReads, this.serverWrites - before.serverWrites,
				this.clientNanos - before.clientNanos);
	}

	private static long jvmCpuNanos() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return os.getProcessCpuTime();
		}
		return 0;
	}

	private static long ticks(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	private static long io(long pid, String field) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "io"))) {
				if (line.startsWith(field + ":")) {
					return Long.parseLong(line.substring(field.length() + 1).trim());
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// not readable here: reported as zero
		}
		return 0;
	}

}
