package io.windshift.sample.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java snippet in {@code docs/} must be a region of a source file that the build
 * compiles: a {@code <!-- snippet: path#tag -->} line before the code block names the
 * file and the region between {@code // tag::tag[]} and {@code // end::tag[]}, and the
 * block must equal that region. Run with {@code -Dwindshift.docs.update=true} to rewrite
 * the blocks from the sources.
 */
class DocsSnippetsTests {

	private static final Pattern BLOCK = Pattern
		.compile("(<!-- snippet: ([^#\\s]+)#([\\w-]+) -->\\n)?```java\\n(.*?)```", Pattern.DOTALL);

	@Test
	void everyJavaSnippetIsTakenFromCompiledSources() throws IOException {
		Path root = projectRoot();
		List<String> problems = new ArrayList<>();
		int checked = 0;
		try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
			for (Path doc : docs.filter((p) -> p.toString().endsWith(".md")).toList()) {
				if (Boolean.getBoolean("windshift.docs.update")) {
					update(root, doc);
				}
				Matcher matcher = BLOCK.matcher(Files.readString(doc));
				while (matcher.find()) {
					String where = root.relativize(doc) + " at offset " + matcher.start();
					if (matcher.group(1) == null) {
						problems.add(where + ": java block without a snippet marker");
						continue;
					}
					Path source = root.resolve(matcher.group(2));
					if (!Files.exists(source)) {
						problems.add(where + ": " + matcher.group(2) + " does not exist");
						continue;
					}
					String region = region(Files.readString(source), matcher.group(3));
					if (region == null) {
						problems.add(where + ": no tag " + matcher.group(3) + " in " + matcher.group(2));
					}
					else if (!region.equals(matcher.group(4))) {
						problems.add(where + ": differs from " + matcher.group(2) + "#" + matcher.group(3)
								+ "\n--- expected ---\n" + region);
					}
					checked++;
				}
			}
		}
		assertThat(problems).isEmpty();
		assertThat(checked).as("snippets checked").isPositive();
	}

	private static void update(Path root, Path doc) throws IOException {
		Matcher matcher = BLOCK.matcher(Files.readString(doc));
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			String replacement = matcher.group();
			if (matcher.group(1) != null && Files.exists(root.resolve(matcher.group(2)))) {
				String region = region(Files.readString(root.resolve(matcher.group(2))), matcher.group(3));
				if (region != null) {
					replacement = matcher.group(1) + "```java\n" + region + "```";
				}
			}
			matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
		}
		matcher.appendTail(out);
		Files.writeString(doc, out.toString());
	}

	static String region(String source, String tag) {
		Matcher m = Pattern
			.compile("// tag::" + Pattern.quote(tag) + "\\[\\]\\n(.*?)\\n[ \\t]*// end::" + Pattern.quote(tag)
					+ "\\[\\]", Pattern.DOTALL)
			.matcher(source);
		if (!m.find()) {
			return null;
		}
		List<String> lines = m.group(1)
			.lines()
			.filter((l) -> !l.contains("// tag::") && !l.contains("// end::"))
			.toList();
		int indent = lines.stream()
			.filter((l) -> !l.isBlank())
			.mapToInt((l) -> l.length() - l.stripLeading().length())
			.min()
			.orElse(0);
		StringBuilder out = new StringBuilder();
		for (String line : lines) {
			out.append(line.isBlank() ? "" : line.substring(indent).replace("\t", "    ")).append('\n');
		}
		return out.toString();
	}

	static Path projectRoot() {
		for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			if (Files.isDirectory(dir.resolve("docs")) && Files.exists(dir.resolve("mvnw"))) {
				return dir;
			}
		}
		throw new IllegalStateException("project root not found");
	}

}
