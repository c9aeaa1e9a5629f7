package io.windshift.autoconfigure.devserver;

import io.windshift.autoconfigure.NatsServerUrls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.util.FileSystemUtils;
import org.springframework.util.StringUtils;

/**
 * The local development {@code nats-server}: started with JetStream when no server is
 * reachable at the configured address, stopped when the context closes. The connection is
 * pointed at it by {@link DevServerWindshiftConnectionDetails}.
 */
public final class NatsDevServer implements DisposableBean {

	private static final Log logger = LogFactory.getLog(NatsDevServer.class);

	private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

	private final @Nullable Process process;

	private final @Nullable String url;

	private final @Nullable Path createdDir;

	private final @Nullable Thread shutdownHook;

	private NatsDevServer(@Nullable Process process, @Nullable String url, @Nullable Path createdDir) {
		this.process = process;
		this.url = url;
		this.createdDir = createdDir;
		if (process != null) {
			this.shutdownHook = new Thread(process::destroyForcibly, "windshift-dev-server-reaper");
			Runtime.getRuntime().addShutdownHook(this.shutdownHook);
		}
		else {
			this.shutdownHook = null;
		}
	}

	/**
	 * Starts a local server unless one of {@code servers} already answers.
	 * @param servers the configured server URLs
	 * @param properties the dev-server settings
	 * @return the running dev server, or one that {@link #isRunning() is not running}
	 * when a configured server was reachable
	 */
	static NatsDevServer startIfUnreachable(List<String> servers, WindshiftDevServerProperties properties) {
		for (String server : servers) {
			InetSocketAddress address = address(server);
			if (address != null && reachable(address)) {
				logger.info("windshift.dev-server: a NATS server answers at " + NatsServerUrls.redact(server)
						+ "; not starting a local one");
				return new NatsDevServer(null, null, null);
			}
		}
		Path binary = findBinary(properties.getBinary());
		int port = choosePort(properties.getPort(), servers);
		Path workDir = createTempDir();
		Path storeDir = (properties.getStoreDir() != null) ? properties.getStoreDir() : workDir.resolve("store");
		Path logFile = workDir.resolve("nats-server.log");
		List<String> command = List.of(binary.toString(), "-a", "127.0.0.1", "-p", String.valueOf(port), "-js", "-sd",
				storeDir.toString(), "-n", "windshift-dev-" + port);
		logger.info("windshift.dev-server: no NATS server reachable at " + NatsServerUrls.redact(servers)
				+ "; starting local nats-server " + binary + " on port " + port + " with JetStream, store dir "
				+ storeDir + " (log " + logFile + ")");
		Process process;
		try {
			Files.createDirectories(storeDir);
			process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("windshift.dev-server: could not start " + binary + ": " + ex.getMessage(),
					ex);
		}
		NatsDevServer devServer = new NatsDevServer(process, "nats://127.0.0.1:" + port, workDir);
		devServer.awaitReady(port, logFile);
		return devServer;
	}

	/**
	 * Whether this instance runs a local server (false when a configured server was
	 * reachable).
	 */
	public boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	/** The URL of the local server, or {@code null} when none was started. */
	public @Nullable String getUrl() {
		return this.url;
	}

	private void awaitReady(int port, Path logFile) {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
		while (System.nanoTime() < deadline) {
			if (this.process == null || !this.process.isAlive()) {
				String log = readLog(logFile);
				destroy();
				throw new IllegalStateException(
						"windshift.dev-server: nats-server exited at startup (port " + port + " in use?):\n" + log);
			}
			if (reachable(address)) {
				return;
			}
			try {
				this.process.waitFor(50, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				destroy();
				throw new IllegalStateException("windshift.dev-server: interrupted while starting nats-server", ex);
			}
		}
		String log = readLog(logFile);
		destroy();
		throw new IllegalStateException("windshift.dev-server: nats-server not ready on port " + port + " after "
				+ START_TIMEOUT + ":\n" + log);
	}

	@Override
	public void destroy() {
		if (this.process != null) {
			if (this.process.isAlive()) {
				logger.info("windshift.dev-server: stopping local nats-server on " + this.url);
				this.process.destroy();
				try {
					if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
						this.process.destroyForcibly();
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					this.process.destroyForcibly();
				}
			}
			try {
				Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
			}
			catch (IllegalStateException ex) {
				// already shutting down
			}
		}
		if (this.createdDir != null) {
			deleteRecursively(this.createdDir);
		}
	}

	static Path findBinary(@Nullable Path configured) {
		List<Path> tried = new ArrayList<>();
		if (configured != null) {
			if (Files.isExecutable(configured)) {
				return configured;
			}
			throw new IllegalStateException("windshift.dev-server.binary " + configured + " is not an executable file");
		}
		String path = System.getenv("PATH");
		if (StringUtils.hasText(path)) {
			for (String dir : path.split(java.io.File.pathSeparator)) {
				if (StringUtils.hasText(dir)) {
					Path candidate = Paths.get(dir, "nats-server");
					if (Files.isExecutable(candidate)) {
						return candidate;
					}
				}
			}
			tried.add(Paths.get("$PATH"));
		}
		String cacheRoot = System.getenv("WINDSHIFT_CACHE");
		Path cache = (StringUtils.hasText(cacheRoot) ? Paths.get(cacheRoot)
				: Paths.get(System.getProperty("user.home"), ".cache", "windshift"))
			.resolve("nats-server");
		if (Files.isDirectory(cache)) {
			try (DirectoryStream<Path> suites = Files.newDirectoryStream(cache)) {
				List<Path> found = new ArrayList<>();
				for (Path suite : suites) {
					Path candidate = suite.resolve("root/usr/sbin/nats-server");
					if (Files.isExecutable(candidate)) {
						found.add(candidate);
					}
				}
				if (!found.isEmpty()) {
					found.sort(Comparator.naturalOrder());
					return found.get(found.size() - 1);
				}
			}
			catch (IOException ex) {
				// fall through to the error below
			}
		}
		tried.add(cache.resolve("*/root/usr/sbin/nats-server"));
		throw new IllegalStateException(
				"windshift.dev-server is enabled but no nats-server binary was found (looked in " + tried
						+ "); set windshift.dev-server.binary or install nats-server (scripts/nats-server.sh)");
	}

	private static int choosePort(@Nullable Integer configured, List<String> servers) {
		if (configured != null && configured > 0) {
			return configured;
		}
		InetSocketAddress first = servers.isEmpty() ? null : address(servers.get(0));
		if (first != null && isLocal(first.getHostString())) {
			return first.getPort();
		}
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("windshift.dev-server: no free port", ex);
		}
	}

	private static boolean isLocal(String host) {
		return "localhost".equalsIgnoreCase(host) || "127.0.0.1".equals(host) || "::1".equals(host)
				|| "[::1]".equals(host);
	}

	static @Nullable InetSocketAddress address(String server) {
		try {
			String url = server.trim();
			URI uri = URI.create(url.contains("://") ? url : "nats://" + url);
			if (uri.getHost() == null) {
				return null;
			}
			return InetSocketAddress.createUnresolved(uri.getHost(), (uri.getPort() > 0) ? uri.getPort() : 4222);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static boolean reachable(InetSocketAddress address) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(address.getHostString(), address.getPort()), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static Path createTempDir() {
		try {
			return Files.createTempDirectory("windshift-dev-server-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("windshift.dev-server: could not create a temp directory", ex);
		}
	}

	private static String readLog(Path logFile) {
		try {
			return Files.exists(logFile) ? Files.readString(logFile) : "";
		}
		catch (IOException ex) {
			return "(log unreadable: " + ex.getMessage() + ")";
		}
	}

	private static void deleteRecursively(Path root) {
		try {
			FileSystemUtils.deleteRecursively(root);
		}
		catch (IOException ex) {
			// best effort
		}
	}

	@Override
	public String toString() {
		return "NatsDevServer[" + ((this.url != null) ? this.url : "not started") + "]";
	}

}
