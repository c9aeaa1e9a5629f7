package io.windshift.test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Finds the {@code nats-server} binary for tests, in this order: the
 * {@code windshift.nats-server.bin} system property, the {@code NATS_SERVER_BIN}
 * environment variable, a {@code nats-server} on the {@code PATH}, the cache that
 * Windshift's {@code scripts/nats-server.sh} fills ({@code $WINDSHIFT_CACHE} or
 * {@code ~/.cache/windshift}), and last, inside a Windshift checkout, the output of that
 * script (which downloads the server into the cache).
 */
public final class NatsServerBinary {

	private static volatile @Nullable Path resolved;

	private NatsServerBinary() {
	}

	public static synchronized Path path() {
		Path path = resolved;
		if (path == null) {
			path = resolve();
			resolved = path;
		}
		return path;
	}

	/**
	 * The nats-server of a Debian suite (e.g. {@code trixie} for the 2.10 line), fetched
	 * by {@code scripts/nats-server.sh} into the cache when needed; empty when it cannot
	 * be had.
	 */
	public static synchronized java.util.Optional<Path> ofSuite(String suite) {
		try {
			ProcessBuilder builder = new ProcessBuilder("bash", findScript().toString())
				.redirectError(ProcessBuilder.Redirect.DISCARD);
			builder.environment().remove("NATS_SERVER_BIN");
			builder.environment().put("NATS_SERVER_SUITE", suite);
			Process process = builder.start();
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			if (process.waitFor() != 0 || out.isEmpty()) {
				return java.util.Optional.empty();
			}
			return java.util.Optional.of(Paths.get(out.lines().reduce((a, b) -> b).orElseThrow()));
		}
		catch (IOException | IllegalStateException ex) {
			return java.util.Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return java.util.Optional.empty();
		}
	}

	private static Path resolve() {
		for (String candidate : new String[] { System.getProperty("windshift.nats-server.bin"),
				System.getenv("NATS_SERVER_BIN") }) {
			if (candidate != null && !candidate.isBlank() && !candidate.startsWith("${")) {
				Path path = Paths.get(candidate);
				if (Files.isExecutable(path)) {
					return path;
				}
				throw new IllegalStateException("nats-server binary '" + candidate + "' is not executable");
			}
		}
		Path installed = onPathOrCached();
		if (installed != null) {
			return installed;
		}
		Path script = findScript();
		try {
			Process process = new ProcessBuilder("bash", script.toString())
				.redirectError(ProcessBuilder.Redirect.INHERIT)
				.start();
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			if (process.waitFor() != 0 || out.isEmpty()) {
				throw new IllegalStateException(script + " could not provide a nats-server binary");
			}
			return Paths.get(out.lines().reduce((a, b) -> b).orElseThrow());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run " + script, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running " + script, ex);
		}
	}

	private static @Nullable Path onPathOrCached() {
		List<Path> candidates = new ArrayList<>();
		String path = System.getenv("PATH");
		if (path != null) {
			for (String dir : path.split(File.pathSeparator)) {
				if (!dir.isEmpty()) {
					candidates.add(Paths.get(dir, "nats-server"));
				}
			}
		}
		String cache = System.getenv("WINDSHIFT_CACHE");
		Path cacheDir = (cache != null && !cache.isBlank()) ? Paths.get(cache)
				: Paths.get(System.getProperty("user.home"), ".cache", "windshift");
		candidates.add(cacheDir.resolve("nats-server/unstable/root/usr/sbin/nats-server"));
		return candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
	}

	private static Path findScript() {
		String root = System.getProperty("windshift.project.root");
		if (root != null && !root.startsWith("${")) {
			Path script = Paths.get(root, "scripts", "nats-server.sh");
			if (Files.isRegularFile(script)) {
				return script;
			}
		}
		for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path script = dir.resolve("scripts/nats-server.sh");
			if (Files.isRegularFile(script)) {
				return script;
			}
		}
		throw new IllegalStateException(
				"No nats-server binary: install nats-server 2.10 or later on the PATH, or set NATS_SERVER_BIN "
						+ "(or the windshift.nats-server.bin system property) to its path");
	}

}
