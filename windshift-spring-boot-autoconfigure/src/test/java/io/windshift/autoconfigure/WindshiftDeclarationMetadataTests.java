package io.windshift.autoconfigure;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IDE metadata tells what an entry of {@code windshift.streams.<name>} and
 * {@code windshift.consumers.<name>} is, so that completion works inside an entry.
 */
class WindshiftDeclarationMetadataTests {

	@Test
	void streamAndConsumerEntriesAreHandledAsTheirPropertiesType() throws Exception {
		Map<String, String> types = new HashMap<>();
		for (JsonNode property : read("META-INF/spring-configuration-metadata.json").get("properties")) {
			types.put(property.get("name").asString(), property.path("type").asString());
		}
		Map<String, String> targets = new HashMap<>();
		for (JsonNode hint : read("META-INF/spring-configuration-metadata.json").get("hints")) {
			for (JsonNode provider : hint.path("providers")) {
				if ("handle-as".equals(provider.path("name").asString())) {
					targets.put(hint.get("name").asString(), provider.path("parameters").path("target").asString());
				}
			}
		}
		assertHandledAs("windshift.streams", WindshiftDeclarationProperties.Stream.class, types, targets);
		assertHandledAs("windshift.consumers", WindshiftDeclarationProperties.Consumer.class, types, targets);
	}

	private static void assertHandledAs(String prefix, Class<?> entryType, Map<String, String> types,
			Map<String, String> targets) throws Exception {
		String target = targets.get(prefix + ".values");
		assertThat(target).as("handle-as hint of %s.values", prefix).isEqualTo(entryType.getName());
		assertThat(ClassUtils.forName(target, null)).isEqualTo(entryType);
		// the processor's own type of the map names the same entry type
		assertThat(types.get(prefix)).isEqualTo("java.util.Map<java.lang.String," + entryType.getName() + ">");
	}

	private static JsonNode read(String resource) throws Exception {
		try (InputStream in = new ClassPathResource(resource).getInputStream()) {
			return JsonMapper.builder().build().readTree(in);
		}
	}

}
