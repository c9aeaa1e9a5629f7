package io.windshift.autoconfigure;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration processor's metadata describes every connection and dev-server
 * property.
 */
class WindshiftConnectionMetadataTests {

	@Test
	void everyPropertyHasADescription() throws Exception {
		JsonNode metadata;
		try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			metadata = JsonMapper.builder().build().readTree(in);
		}
		List<String> names = new ArrayList<>();
		List<String> undocumented = new ArrayList<>();
		for (JsonNode property : metadata.get("properties")) {
			String name = property.get("name").asString();
			if (name.startsWith("windshift.nats.") || name.startsWith("windshift.dev-server.")
					|| name.equals("management.health.nats.enabled")) {
				names.add(name);
				if (!property.hasNonNull("description") || property.get("description").asString().isBlank()) {
					undocumented.add(name);
				}
			}
		}
		assertThat(names).contains("windshift.nats.servers", "windshift.nats.connection-name",
				"windshift.nats.username", "windshift.nats.password", "windshift.nats.token", "windshift.nats.nkey",
				"windshift.nats.credentials", "windshift.nats.ssl.bundle", "windshift.nats.connection-timeout",
				"windshift.nats.reconnect-wait", "windshift.nats.max-reconnects", "windshift.nats.ping-interval",
				"windshift.nats.connect-in-background", "windshift.nats.drain-timeout", "windshift.dev-server.enabled",
				"windshift.dev-server.binary", "windshift.dev-server.port", "windshift.dev-server.store-dir",
				"management.health.nats.enabled");
		assertThat(undocumented).isEmpty();
	}

}
