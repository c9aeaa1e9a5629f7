package io.windshift.streams;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StreamPointerTests {

	@Test
	void parsesEveryTextualForm() {
		assertThat(StreamPointer.parse("new")).isEqualTo(StreamPointer.onlyNew());
		assertThat(StreamPointer.parse(" START ")).isEqualTo(StreamPointer.atStart());
		assertThat(StreamPointer.parse("end")).isEqualTo(StreamPointer.atEnd());
		assertThat(StreamPointer.parse("id:42")).isEqualTo(StreamPointer.atId(42));
		assertThat(StreamPointer.parse("time:2026-01-31T12:00:00Z"))
			.isEqualTo(StreamPointer.atTime(Instant.parse("2026-01-31T12:00:00Z")));
	}

	@Test
	void toStringIsReadBackByParse() {
		for (StreamPointer pointer : new StreamPointer[] { StreamPointer.onlyNew(), StreamPointer.atStart(),
				StreamPointer.atEnd(), StreamPointer.atId(7), StreamPointer.atTime(Instant.ofEpochSecond(1, 5)) }) {
			assertThat(StreamPointer.parse(pointer.toString())).isEqualTo(pointer);
		}
	}

	@Test
	void rejectsUnknownTextQuotingIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> StreamPointer.parse("beginning"))
			.withMessageContaining("'beginning'")
			.withMessageContaining("'new', 'start', 'end', 'id:<n>'");
		assertThatIllegalArgumentException().isThrownBy(() -> StreamPointer.parse("id:x"))
			.withMessageContaining("'id:x'");
		assertThatIllegalArgumentException().isThrownBy(() -> StreamPointer.parse("id:0"))
			.withMessageContaining("'id:0'");
		assertThatIllegalArgumentException().isThrownBy(() -> StreamPointer.parse("time:yesterday"))
			.withMessageContaining("'time:yesterday'");
	}

	@Test
	void exposesItsParts() {
		assertThat(StreamPointer.atId(3).kind()).isEqualTo(StreamPointer.Kind.ID);
		assertThat(StreamPointer.atId(3).id()).isEqualTo(3);
		assertThat(StreamPointer.atTime(Instant.EPOCH).time()).isEqualTo(Instant.EPOCH);
		assertThat(StreamPointer.atStart().time()).isNull();
	}

}
