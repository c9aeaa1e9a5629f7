package io.windshift.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An application in a JVM of its own, started from this JVM's class path
 * ({@code java.class.path}), so a test can kill it with SIGKILL, stop it gracefully and
 * start it again. Its output is appended to a log file; it never outlives the JVM that
 * started it (the same watchdog as {@link NatsServer}).
 */
public final class ApplicationProcess implements AutoCloseable {

	private final String name;

	private final List<String> command;

	private final Path log;

	private Process process;

	private Process watchdog;

	private int starts;

	private ApplicationProcess(String name, List<String> command, Path log) {
		this.name = name;
		this.command = command;
		this.log = log;
	}

	/**
	 * Starts {@code mainClass} with these JVM options (such as {@code -Xmx256m} or
	 * {@code -Dkey=value}) and program arguments, its output appended to {@code log}.
	 */
	public static ApplicationProcess start(String name, String mainClass, List<String> jvmOptions,
			List<String> arguments, Path log) {
		List<String> command = new ArrayList<>();
		command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(mainClass);
		command.addAll(arguments);
		ApplicationProcess application = new ApplicationProcess(name, List.copyOf(command), log);
		application.restart();
		return application;
	}

	public String name() {
		return this.name;
	}

	public Path log() {
		return this.log;
	}

	/** How many times the process was started (1 after {@link #start}). */
	public synchronized int starts() {
		return this.starts;
	}

	public synchronized boolean isAlive() {
		return this.process != null && this.process.isAlive();
	}

	/** The operating system's process id of the running process. */
	public synchronized long pid() {
		if (this.process == null) {
			throw new IllegalStateException(this.name + " is not running");
		}
		return this.process.pid();
	}

	/** Starts the process (again) with the same command; does nothing while it runs. */
	public synchronized void restart() {
		if (isAlive()) {
			return;
		}
		try {
			this.process = new ProcessBuilder(this.command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
				.start();
			this.watchdog = ServerProcesses.watch(this.process);
			this.starts++;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + this.name + ": " + String.join(" ", this.command), ex);
		}
	}

	/** Kills the process with SIGKILL, as a crash would, and waits for it to be gone. */
	public synchronized void kill() {
		end(true);
	}

	/**
	 * Stops the process with SIGTERM (a graceful shutdown) and waits up to 30 s before
	 * killing it.
	 */
	public synchronized void stop() {
		end(false);
	}

	private void end(boolean hard) {
		if (this.process == null) {
			return;
		}
		ServerProcesses.end(this.process, this.watchdog, hard, Duration.ofSeconds(30));
		this.process = null;
		this.watchdog = null;
	}

	@Override
	public void close() {
		kill();
	}

	@Override
	public String toString() {
		return "ApplicationProcess[" + this.name + " log " + this.log + "]";
	}

}
