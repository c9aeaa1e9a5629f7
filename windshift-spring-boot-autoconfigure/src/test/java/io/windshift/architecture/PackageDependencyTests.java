package io.windshift.architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dependencies between the packages point one way:
 * {@code autoconfigure.* -> autoconfigure -> listener ->
 * events -> streams/consumers}. The sub-packages of {@code autoconfigure} (health, the
 * actuator endpoint, Testcontainers, the development server) build on the
 * auto-configuration and the listener package; nothing points into them.
 * {@code events.internal} is not API: public only because both {@code events} and
 * {@code listener} use it, it imports nothing of the starter (so no cycle with
 * {@code events}) and no other package imports it. This test reads the imports of the
 * main sources and fails on any that points back up.
 */
class PackageDependencyTests {

	private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(Map.entry("streams", Set.of()),
			Map.entry("consumers", Set.of("streams")), Map.entry("delays", Set.of()),
			Map.entry("observation", Set.of()), Map.entry("events.internal", Set.of()),
			Map.entry("events", Set.of("delays", "streams", "consumers", "observation", "events.internal")),
			Map.entry("admin", Set.of("streams", "consumers", "events", "delays")),
			Map.entry("listener",
					Set.of("admin", "events", "events.internal", "streams", "consumers", "delays", "observation")),
			Map.entry("aot", Set.of("events", "listener")),
			Map.entry("autoconfigure",
					Set.of("admin", "events", "streams", "consumers", "delays", "observation", "listener")),
			Map.entry("autoconfigure.health", Set.of("autoconfigure", "listener", "events", "observation")),
			Map.entry("autoconfigure.endpoint",
					Set.of("autoconfigure", "listener", "admin", "events", "streams", "consumers")),
			Map.entry("autoconfigure.testcontainers", Set.of("autoconfigure")),
			Map.entry("autoconfigure.devserver", Set.of("autoconfigure")),
			Map.entry("autoconfigure.diagnostics", Set.of("admin", "events")));

	private static final Pattern IMPORT = Pattern
		.compile("^import (?:static )?io\\.windshift\\.((?:[a-z]\\w*\\.)*[a-z]\\w*)\\.[A-Z]", Pattern.MULTILINE);

	@Test
	void importsPointOneWay() throws IOException {
		Path root = Paths.get("src/main/java/io/windshift");
		assertThat(root).isDirectory();
		List<String> violations = new ArrayList<>();
		int files = 0;
		try (Stream<Path> sources = Files.walk(root)) {
			for (Path source : sources.filter((p) -> p.toString().endsWith(".java")).toList()) {
				String pkg = root.relativize(source.getParent())
					.toString()
					.replace(source.getFileSystem().getSeparator(), ".");
				assertThat(ALLOWED).as("package io.windshift.%s is known to this test", pkg).containsKey(pkg);
				Matcher matcher = IMPORT.matcher(Files.readString(source));
				while (matcher.find()) {
					String target = matcher.group(1);
					if (!target.equals(pkg) && !ALLOWED.get(pkg).contains(target)) {
						violations.add(root.relativize(source) + " imports io.windshift." + target);
					}
				}
				files++;
			}
		}
		assertThat(files).isGreaterThan(50);
		assertThat(violations).isEmpty();
	}

}
