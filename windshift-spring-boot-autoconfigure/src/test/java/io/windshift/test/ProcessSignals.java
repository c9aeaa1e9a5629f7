package io.windshift.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * Sends SIGSTOP and SIGCONT to a process: it freezes (no CPU, no I/O, sockets stay open)
 * and thaws.
 */
public final class ProcessSignals {

	private ProcessSignals() {
	}

	/** Freezes the process (SIGSTOP). */
	public static void pause(long pid) {
		signal("STOP", pid);
	}

	/** Thaws a frozen process (SIGCONT). */
	public static void resume(long pid) {
		signal("CONT", pid);
	}

	private static void signal(String signal, long pid) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true)
				.start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException(
						"kill -" + signal + " " + pid + " failed: " + new String(kill.getInputStream().readAllBytes()));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while signalling " + pid, ex);
		}
	}

}
