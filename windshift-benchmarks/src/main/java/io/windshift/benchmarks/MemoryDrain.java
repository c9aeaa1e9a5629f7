package io.windshift.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import io.nats.client.Connection;
import io.nats.client.Nats;

/**
 * The memory run, in its own JVM with a small heap: drains a backlog (with the starter's
 * listener or with raw jnats) and prints the peak heap (sum of the heap pools' peaks) and
 * the peak RSS ({@code VmHWM}). Arguments:
 * {@code starter|raw <servers> <count> <maxPending> <maxSeconds>}.
 */
public final class MemoryDrain {

	static final String RESULT = "MEMORY-RESULT ";

	private MemoryDrain() {
	}

	@SuppressWarnings("try") // Connection.close() may throw InterruptedException: so may
								// this method
	public static void main(String[] args) throws Exception {
		String mode = args[0];
		String servers = args[1];
		int count = Integer.parseInt(args[2]);
		int maxPending = Integer.parseInt(args[3]);
		Duration limit = Duration.ofSeconds(Long.parseLong(args[4]));
		RawJnats.Drained drained;
		if (mode.equals("starter")) {
			try (StarterSide starter = StarterSide.start(servers, "mem-starter", false, 256, maxPending)) {
				drained = starter.drainMemoryBacklog(count, limit);
			}
		}
		else {
			try (Connection connection = Nats.connect(RawJnats.options(servers, "bench-mem-raw"))) {
				drained = new RawJnats(connection).drain(Streams.MEMORY, "mem-raw", count, 1, maxPending, limit);
			}
		}
		System.out.println(RESULT + String.format(Locale.ROOT, "%.1f %.1f %.1f %.1f %d", peakHeapMb(), rssPeakMb(),
				Runtime.getRuntime().maxMemory() / 1048576.0, drained.perSecond(), drained.events()));
		System.exit(0);
	}

	static double peakHeapMb() {
		long sum = 0;
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
				sum += pool.getPeakUsage().getUsed();
			}
		}
		return sum / 1048576.0;
	}

	static double rssPeakMb() throws IOException {
		Path status = Path.of("/proc/self/status");
		if (!Files.exists(status)) {
			return Double.NaN;
		}
		for (String line : Files.readAllLines(status)) {
			if (line.startsWith("VmHWM:")) {
				String[] parts = line.substring(6).trim().split("\\s+");
				return Long.parseLong(parts[0]) / 1024.0;
			}
		}
		return Double.NaN;
	}

}
