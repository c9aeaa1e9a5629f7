package io.windshift.admin;

import java.util.LinkedHashMap;
import java.util.Map;

import io.windshift.streams.StreamDefinition;
import io.windshift.streams.StreamSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class WindshiftDeclarationsTests {

	private static void add(Map<String, WindshiftDeclarations.Declared<StreamDefinition>> map,
			StreamDefinition definition) {
		map.put(definition.name(),
				new WindshiftDeclarations.Declared<>(definition, "bean '" + definition.name() + "'"));
	}

	@Test
	void ordersStreamsAfterTheDeclaredStreamsTheyCopyFrom() {
		Map<String, WindshiftDeclarations.Declared<StreamDefinition>> streams = new LinkedHashMap<>();
		add(streams, StreamDefinition.builder("copy").mirror(StreamSource.of("all")).build());
		add(streams,
				StreamDefinition.builder("all")
					.aggregate(StreamSource.of("a"), StreamSource.of("external"), StreamSource.of("b"))
					.build());
		add(streams, StreamDefinition.builder("b").subjects("b.>").build());
		add(streams, StreamDefinition.builder("a").subjects("a.>").build());
		assertThat(WindshiftDeclarations.ordered(streams)).extracting((declared) -> declared.definition().name())
			.containsExactly("a", "b", "all", "copy");
	}

	@Test
	void refusesCycles() {
		Map<String, WindshiftDeclarations.Declared<StreamDefinition>> streams = new LinkedHashMap<>();
		add(streams, StreamDefinition.builder("x").aggregate(StreamSource.of("y")).build());
		add(streams, StreamDefinition.builder("y").aggregate(StreamSource.of("x")).build());
		assertThatIllegalStateException().isThrownBy(() -> WindshiftDeclarations.ordered(streams))
			.withMessageContaining("cycle")
			.withMessageContaining("x")
			.withMessageContaining("y");
	}

}
