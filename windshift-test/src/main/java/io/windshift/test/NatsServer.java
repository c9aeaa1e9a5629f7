package io.windshift.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A real {@code nats-server} process on loopback with a random port and its own temp
 * store directory. It can be stopped, killed with SIGKILL and restarted on the same port
 * and store. Close it when done; the JVM also kills it on exit, however the JVM ends.
 */
public final class NatsServer implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

	private final String name;

	private final int port;

	private final int httpPort;

	private final Path dir;

	private final Path configFile;

	private final Path logFile;

	private final NatsServerConfig config;

	private final boolean waitForJetStream;

	private @Nullable Process process;

	private @Nullable Process watchdog;

	NatsServer(String name, int port, int httpPort, Path dir, NatsServerConfig config, @Nullable String clusterBlock,
			boolean waitForJetStream) {
		this.name = name;
		this.port = port;
		this.httpPort = httpPort;
		this.dir = dir;
		this.config = config;
		this.waitForJetStream = waitForJetStream;
		this.configFile = dir.resolve("nats.conf");
		this.logFile = dir.resolve("nats.log");
		try {
			Files.createDirectories(dir.resolve("store"));
			Files.writeString(this.configFile, config.render(name, port, httpPort, dir.resolve("store"), clusterBlock));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Starts a single JetStream node with default settings. */
	public static NatsServer start() {
		return start(NatsServerConfig.defaults());
	}

	/** Starts a single node with the given settings. */
	public static NatsServer start(NatsServerConfig config) {
		NatsServer server = new NatsServer("ws-" + FreePorts.next(), FreePorts.next(), FreePorts.next(),
				tempDir("windshift-nats-"), config, null, true);
		server.startProcess();
		return server;
	}

	static Path tempDir(String prefix) {
		try {
			return Files.createTempDirectory(prefix);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The client URL, {@code nats://127.0.0.1:<port>} (or {@code tls://} when TLS is on).
	 */
	public String url() {
		return (this.config.tlsEnabled() ? "tls" : "nats") + "://127.0.0.1:" + this.port;
	}

	public int port() {
		return this.port;
	}

	public String name() {
		return this.name;
	}

	public Path storeDir() {
		return this.dir.resolve("store");
	}

	/**
	 * The operating system's process id while the server runs (for signals such as
	 * SIGSTOP).
	 */
	public synchronized long pid() {
		if (this.process == null) {
			throw new IllegalStateException(this + " is not running");
		}
		return this.process.pid();
	}

	public boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	/** The server's log so far, for assertions and failure messages. */
	public String log() {
		try {
			return Files.exists(this.logFile) ? Files.readString(this.logFile) : "";
		}
		catch (IOException ex) {
			return "(log unreadable: " + ex + ")";
		}
	}

	synchronized void startProcess() {
		if (isRunning()) {
			return;
		}
		try {
			Path binary = (this.config.binary != null) ? this.config.binary : NatsServerBinary.path();
			this.process = new ProcessBuilder(binary.toString(), "-c", this.configFile.toString())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.logFile.toFile()))
				.start();
			this.watchdog = ServerProcesses.watch(this.process);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start nats-server", ex);
		}
		awaitReady(START_TIMEOUT);
	}

	/**
	 * Waits until the server answers {@code /healthz} (with JetStream ready when it
	 * should be).
	 */
	void awaitReady(Duration timeout) {
		String path = this.waitForJetStream && this.config.jetStream ? "/healthz?js-enabled-only=true" : "/healthz";
		Process started = this.process;
		if (started == null) {
			throw new IllegalStateException("nats-server " + this.name + " is not started");
		}
		try {
			Awaitility.await("nats-server " + this.name + " ready")
				.atMost(timeout)
				.pollInterval(Duration.ofMillis(25))
				.until(() -> {
					if (!started.isAlive()) {
						throw new IllegalStateException(
								"nats-server " + this.name + " exited with " + started.exitValue() + ":\n" + log());
					}
					return healthy(path);
				});
		}
		catch (ConditionTimeoutException ex) {
			throw new IllegalStateException("nats-server " + this.name + " not ready after " + timeout + ":\n" + log(),
					ex);
		}
	}

	private boolean healthy(String path) {
		try {
			HttpURLConnection http = (HttpURLConnection) URI.create("http://127.0.0.1:" + this.httpPort + path)
				.toURL()
				.openConnection();
			http.setConnectTimeout(500);
			http.setReadTimeout(1000);
			int code = http.getResponseCode();
			http.disconnect();
			return code == 200;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** JSON from a monitoring endpoint such as {@code /jsz} or {@code /varz}. */
	public String monitor(String path) {
		try {
			HttpURLConnection http = (HttpURLConnection) URI.create("http://127.0.0.1:" + this.httpPort + path)
				.toURL()
				.openConnection();
			try (var in = http.getInputStream()) {
				return new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Stops the server gracefully (SIGTERM) and waits for it to exit. */
	public synchronized void stop() {
		end(false);
	}

	/** Kills the server with SIGKILL, as a crash would. */
	public synchronized void kill() {
		end(true);
	}

	/** Starts the server again on the same port, configuration and store. */
	public synchronized void restart() {
		startProcess();
	}

	private void end(boolean hard) {
		if (this.process == null) {
			return;
		}
		ServerProcesses.end(this.process, this.watchdog, hard, Duration.ofSeconds(15));
		this.process = null;
		this.watchdog = null;
	}

	/**
	 * Freezes the server process (SIGSTOP): connections stay open, nothing answers,
	 * nothing is closed.
	 */
	public synchronized void suspend() {
		signal("STOP");
	}

	/** Lets a {@link #suspend() suspended} server run on (SIGCONT). */
	public synchronized void resume() {
		signal("CONT");
	}

	private void signal(String signal) {
		Process running = this.process;
		if (running == null) {
			throw new IllegalStateException(this + " is not running");
		}
		try {
			new ProcessBuilder("kill", "-" + signal, Long.toString(running.pid())).inheritIO().start().waitFor();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public synchronized void close() {
		kill();
		deleteRecursively(this.dir);
	}

	static void deleteRecursively(Path root) {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(root)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// best effort: temp dirs
		}
	}

	@Override
	public String toString() {
		return "NatsServer[" + this.name + " " + url() + "]";
	}

}
