package io.windshift.streams;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PlacementTests {

	@Test
	void clusterAndTagsReachJnats() {
		Placement placement = Placement.cluster("east").tags("ssd", "eu");
		assertThat(placement.toPlacement().getCluster()).isEqualTo("east");
		assertThat(placement.toPlacement().getTags()).containsExactly("ssd", "eu");
		assertThat(placement).hasToString("cluster east tags [ssd, eu]");
	}

	@Test
	void tagsAloneLeaveTheClusterOpen() {
		Placement placement = Placement.tagged("ssd");
		assertThat(placement.cluster()).isNull();
		assertThat(placement.toPlacement().getCluster()).isNull();
		assertThat(placement).isEqualTo(Placement.tagged().tags("ssd"));
	}

	@Test
	void blankOrSpacedNamesAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> Placement.cluster(" "))
			.withMessageContaining("placement cluster");
		assertThatIllegalArgumentException().isThrownBy(() -> Placement.tagged("a b"))
			.withMessageContaining("placement tag 'a b'");
	}

	@Test
	void definitionCarriesRetentionCompressionAndPlacement() {
		StreamDefinition definition = StreamDefinition.builder("jobs")
			.subjects("jobs.>")
			.retention(RetentionPolicy.WORK_QUEUE)
			.compression(true)
			.placement(Placement.cluster("east"))
			.build();
		assertThat(definition.toStreamConfiguration().getRetentionPolicy())
			.isEqualTo(io.nats.client.api.RetentionPolicy.WorkQueue);
		assertThat(definition.toStreamConfiguration().getCompressionOption())
			.isEqualTo(io.nats.client.api.CompressionOption.S2);
		assertThat(definition.toStreamConfiguration().getPlacement().getCluster()).isEqualTo("east");
		assertThat(definition.toBuilder().build()).isEqualTo(definition);
		assertThat(definition.toBuilder().retention(RetentionPolicy.INTEREST).build()).isNotEqualTo(definition);
		StreamDefinition plain = StreamDefinition.builder("plain").subjects("plain").build();
		assertThat(plain.retention()).isEqualTo(RetentionPolicy.LIMITS);
		assertThat(plain.compression()).isFalse();
		assertThat(plain.placement()).isNull();
	}

}
