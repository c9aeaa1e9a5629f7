package io.windshift.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the {@code nats-server} binary for tests: the {@code windshift.nats-server.bin} system property,
 * the {@code NATS_SERVER_BIN} environment variable, or the output of {@code scripts/nats-server.sh} found
 * by walking up from the working directory (which installs it into the user's cache when needed).
 */
public final class NatsServerBinary {

	private static volatile Path resolved;

	private NatsServerBinary() {
	}

	public static synchronized Path path() {
		if (resolved == null) {
			resolved = resolve();
		}
		return resolved;
	}

	/**
	 * The nats-server of a Debian suite (e.g. {@code trixie} for the 2.10 line), fetched by
	 * {@code scripts/nats-server.sh} into the cache when needed; empty when it cannot be had.
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
				"No nats-server binary: set NATS_SERVER_BIN or run the tests inside the Windshift checkout");
	}

}
