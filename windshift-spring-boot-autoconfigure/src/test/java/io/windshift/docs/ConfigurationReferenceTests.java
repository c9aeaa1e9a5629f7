package io.windshift.docs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@code docs/configuration.md} generated from the configuration metadata that the
 * build produces, so the reference cannot drift from the code. Run with
 * {@code -Dwindshift.docs.update=true} to rewrite it.
 */
class ConfigurationReferenceTests {

	private static final String HEADER = """
			# Configuration reference

			Every `windshift.*` property, generated from the configuration metadata that the build produces
			(`ConfigurationReferenceTests` fails when this page and the code disagree; run
			`scripts/test.sh -pl windshift-spring-boot-autoconfigure -Dtest=ConfigurationReferenceTests -Dwindshift.docs.update=true`
			to regenerate it). Durations take `DurationStyle` values such as `500ms`, `30s`, `30d`; sizes take `1MB`, `1GB`.

			| property | type | default | description |
			| --- | --- | --- | --- |
			""";

	@Test
	void referenceMatchesTheMetadata() throws IOException {
		String generated = generate();
		Path doc = projectRoot().resolve("docs/configuration.md");
		if (Boolean.getBoolean("windshift.docs.update")) {
			Files.createDirectories(doc.getParent());
			Files.writeString(doc, generated);
		}
		assertThat(doc).exists();
		assertThat(Files.readString(doc))
			.as("docs/configuration.md is out of date: regenerate it with -Dwindshift.docs.update=true")
			.isEqualTo(generated);
	}

	@Test
	void everyPropertyIsDocumented() throws IOException {
		List<Map<String, Object>> properties = properties();
		assertThat(properties).isNotEmpty();
		assertThat(properties).allSatisfy(
				(property) -> assertThat(property.get("description")).as("Javadoc of property %s", property.get("name"))
					.isNotNull());
	}

	private static String generate() throws IOException {
		StringBuilder doc = new StringBuilder(HEADER);
		for (Map<String, Object> property : properties()) {
			doc.append("| `")
				.append(property.get("name"))
				.append("` | `")
				.append(simpleType(String.valueOf(property.get("type"))))
				.append("` | ")
				.append(property.containsKey("defaultValue") ? "`" + format(property.get("defaultValue")) + "`" : "")
				.append(" | ")
				.append(String.valueOf(property.getOrDefault("description", "")).replace("\n", " ").replace("|", "\\|"))
				.append(" |\n");
		}
		return doc.toString();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> properties() throws IOException {
		try (InputStream in = ConfigurationReferenceTests.class.getClassLoader()
			.getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("configuration metadata on the classpath").isNotNull();
			String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			List<Map<String, Object>> properties = JsonPath.read(json, "$.properties[?(@.name =~ /windshift\\..*/)]");
			return properties.stream()
				.filter((p) -> !p.containsKey("deprecation"))
				.sorted(Comparator.comparing((Map<String, Object> p) -> String.valueOf(p.get("name"))))
				.toList();
		}
	}

	private static String simpleType(String type) {
		return type.replaceAll("([a-z0-9]+\\.)+([A-Z])", "$2").replace("$", ".");
	}

	private static String format(Object value) {
		if (value instanceof List<?> list) {
			return String.join(", ", list.stream().map(String::valueOf).toList());
		}
		return String.valueOf(value);
	}

	static Path projectRoot() {
		String root = System.getProperty("windshift.project.root");
		if (root != null && !root.startsWith("${")) {
			return Paths.get(root);
		}
		for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			if (Files.isDirectory(dir.resolve("scripts")) && Files.exists(dir.resolve("mvnw"))) {
				return dir;
			}
		}
		throw new IllegalStateException("project root not found");
	}

}
