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
 * Dependencies between the packages point one way: {@code autoconfigure -> listener -> events ->
 * streams/consumers}. This test reads the imports of the main sources and fails on any that points back up.
 */
class PackageDependencyTests {

	private static final Map<String, Set<String>> ALLOWED = Map.of(
			"streams", Set.of(),
			"consumers", Set.of("streams"),
			"delays", Set.of(),
			"observation", Set.of(),
			"events", Set.of("delays", "streams", "consumers", "observation"),
			"admin", Set.of("streams", "consumers", "events", "delays"),
			"listener", Set.of("admin", "events", "streams", "consumers", "delays", "observation"),
			"aot", Set.of("events", "listener"),
			"autoconfigure", Set.of("admin", "events", "streams", "consumers", "delays", "observation", "listener"));

	private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.windshift\\.(\\w+)\\.", Pattern.MULTILINE);

	@Test
	void importsPointOneWay() throws IOException {
		Path root = Paths.get("src/main/java/io/windshift");
		assertThat(root).isDirectory();
		List<String> violations = new ArrayList<>();
		int files = 0;
		try (Stream<Path> sources = Files.walk(root)) {
			for (Path source : sources.filter((p) -> p.toString().endsWith(".java")).toList()) {
				String pkg = root.relativize(source).getName(0).toString();
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
