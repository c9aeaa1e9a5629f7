package io.windshift.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time used so far by this JVM (the client side of every pair) and by the nats-server
 * processes it started, and the heap this JVM allocated, to tell per event where the time
 * of a round went. Linux only for the server side (reads {@code /proc}).
 */
final class CpuMeter {

	/** Clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ, 100 on Linux). */
	private static final long TICKS_PER_SECOND = 100;

	private CpuMeter() {
	}

	/**
	 * CPU time used so far and the bytes allocated: {client nanos, server nanos, bytes
	 * allocated in this JVM's heap}.
	 */
	static long[] now() {
		return new long[] { clientNanos(), serverNanos(), allocatedBytes() };
	}

	/**
	 * Bytes allocated so far in this JVM's heap, by every thread (ended ones too). Called
	 * reflectively: {@code getTotalThreadAllocatedBytes} is not part of the API that
	 * {@code --release 17} exposes to newer compilers.
	 */
	private static long allocatedBytes() {
		if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
				&& threads.isThreadAllocatedMemoryEnabled()) {
			try {
				Object total = com.sun.management.ThreadMXBean.class.getMethod("getTotalThreadAllocatedBytes")
					.invoke(threads);
				return (total instanceof Long bytes) ? bytes : 0;
			}
			catch (ReflectiveOperationException ex) {
				return 0;
			}
		}
		return 0;
	}

	private static long clientNanos() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return os.getProcessCpuTime();
		}
		return 0;
	}

	private static long serverNanos() {
		return ProcessHandle.current()
			.descendants()
			.filter((p) -> p.info().command().map((c) -> c.endsWith("nats-server")).orElse(false))
			.mapToLong(CpuMeter::ticks)
			.sum() * (1_000_000_000L / TICKS_PER_SECOND);
	}

	private static long ticks(ProcessHandle process) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
			// fields after the command (which may hold spaces): state is field 3, utime
			// 14, stime 15
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

}
