package io.windshift.test;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Makes sure that no nats-server outlives the test JVM. Each server gets a watchdog shell
 * whose standard input is a pipe from this JVM: when the JVM process ends for any reason
 * (even kill -9), the pipe closes and the watchdog kills the server. There is
 * deliberately no shutdown hook: application contexts that Spring's own shutdown hooks
 * close at the end of a test run still find their server and disconnect cleanly, without
 * ERROR lines; the server dies after them, with the JVM.
 */
final class ServerProcesses {

	private ServerProcesses() {
	}

	/**
	 * Registers a server process and starts its watchdog; returns the watchdog process.
	 */
	static Process watch(Process server) throws IOException {
		long pid = server.pid();
		Process watchdog = new ProcessBuilder("sh", "-c", "cat >/dev/null; kill -9 " + pid + " 2>/dev/null; exit 0")
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		return watchdog;
	}

	/**
	 * Ends a process: SIGKILL when {@code hard}, otherwise SIGTERM and SIGKILL after
	 * {@code grace}; waits for it to be gone and forgets it.
	 */
	static void end(Process process, @Nullable Process watchdog, boolean hard, Duration grace) {
		if (hard) {
			process.destroyForcibly();
		}
		else {
			process.destroy();
		}
		try {
			if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				process.waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
		}
		forget(process, watchdog);
	}

	static void forget(Process server, @Nullable Process watchdog) {
		if (watchdog != null) {
			try {
				OutputStream in = watchdog.getOutputStream();
				in.close();
			}
			catch (IOException ex) {
				// watchdog already gone
			}
			watchdog.destroy();
		}
	}

}
