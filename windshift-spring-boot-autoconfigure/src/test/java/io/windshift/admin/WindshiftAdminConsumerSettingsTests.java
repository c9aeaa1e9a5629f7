package io.windshift.admin;

import java.time.Duration;
import java.util.Map;

import io.nats.client.api.ConsumerConfiguration;
import io.windshift.consumers.ConsumerDefinition;
import io.windshift.streams.StreamDefinition;
import io.windshift.test.NatsServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Max batch, max expires, metadata and the redelivery back-off of a consumer against a
 * real server.
 */
class WindshiftAdminConsumerSettingsTests {

	@RegisterExtension
	static final NatsServerExtension nats = NatsServerExtension.create();

	private static WindshiftAdmin admin;

	@BeforeAll
	static void start() {
		admin = new WindshiftAdmin(nats.connection());
		admin.ensureStream(StreamDefinition.builder("settings").subjects("settings.>").build());
	}

	@Test
	void settingsReachTheServerAndEnsuringAgainChangesNothing() {
		ConsumerDefinition definition = ConsumerDefinition.builder("settings")
			.name("guarded")
			.maxDeliveryAttempts(4)
			.redeliveryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5))
			.maxBatch(20)
			.maxExpires(Duration.ofSeconds(10))
			.metadata(Map.of("team", "orders"))
			.build();
		admin.ensureConsumer(definition);
		ConsumerConfiguration config = admin.consumerInfo("settings", "guarded")
			.orElseThrow()
			.getConsumerConfiguration();
		assertThat(config.getMaxBatch()).isEqualTo(20);
		assertThat(config.getMaxExpires()).isEqualTo(Duration.ofSeconds(10));
		assertThat(config.getMetadata()).containsEntry("team", "orders");
		assertThat(config.getBackoff()).containsExactly(Duration.ofSeconds(31), Duration.ofSeconds(35));
		// the server's own metadata keys do not count as a change
		ConsumerDiff same = ConsumerDiff.between("settings", config, definition.toConsumerConfiguration());
		assertThat(same.changes()).isEmpty();
		ConsumerDefinition changed = definition.toBuilder().maxBatch(50).metadata(Map.of("team", "billing")).build();
		ConsumerDiff diff = ConsumerDiff.between("settings", config, changed.toConsumerConfiguration());
		assertThat(diff.changes()).extracting(Change::field).containsExactly("maxBatch", "metadata");
		admin.ensureConsumer(changed);
		ConsumerConfiguration updated = admin.consumerInfo("settings", "guarded")
			.orElseThrow()
			.getConsumerConfiguration();
		assertThat(updated.getMaxBatch()).isEqualTo(50);
		assertThat(updated.getMetadata()).containsEntry("team", "billing");
	}

	@Test
	void badSettingsAreRefusedNamingThem() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ConsumerDefinition.builder("settings").name("c").maxBatch(-1).build())
			.withMessageContaining("maxBatch");
		assertThatIllegalArgumentException()
			.isThrownBy(
					() -> ConsumerDefinition.builder("settings").name("c").maxExpires(Duration.ofMillis(10)).build())
			.withMessageContaining("maxExpires");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ConsumerDefinition.builder("settings").name("c").metadata(Map.of("_nats.x", "1")).build())
			.withMessageContaining("metadata");
	}

}
