package io.windshift.events.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The formatter-free parsing of the common {@code WS-Published-Time} shape agrees with
 * the JDK's RFC 3339 parsing for every fraction length and offset, and leaves every
 * invalid value to fail as before.
 */
class PublishedTimeCommonShapeTests {

	@Test
	void agreesWithTheJdkOnRandomTimestamps() {
		SplittableRandom random = new SplittableRandom(42);
		long min = Instant.parse("0000-01-02T00:00:00Z").getEpochSecond();
		long max = Instant.parse("9999-12-30T00:00:00Z").getEpochSecond();
		for (int i = 0; i < 20_000; i++) {
			Instant instant = Instant.ofEpochSecond(random.nextLong(min, max), random.nextInt(1_000_000_000));
			int offsetMinutes = (i % 3 == 0) ? 0 : random.nextInt(-17 * 60, 17 * 60 + 1);
			ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
			int digits = random.nextInt(10);
			String pattern = "uuuu-MM-dd'T'HH:mm:ss" + ((digits > 0) ? "." + "S".repeat(digits) : "") + "XXX";
			String text = DateTimeFormatter.ofPattern(pattern).format(instant.atOffset(offset));
			assertThat(PublishedTime.parse(text)).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "2026-02-29T10:00:00Z", "2026-04-31T10:00:00Z", "2026-13-01T10:00:00Z",
			"2026-11-27T24:00:00Z", "2026-11-27T10:60:00Z", "2026-11-27T10:00:60Z", "2026-11-27T10:00:00.Z",
			"2026-11-27T10:00:00.1234567890Z", "2026-11-27T10:00:00+1:00", "2026-11-27T10:00:00+19:00",
			"2026-11-27T10:00:00", "2026-11-27 10:00:00Z", "２０２６-11-27T10:00:00Z", "2026-11-27T10:00:00ZZ" })
	void invalidValuesStillFail(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> PublishedTime.parse(text))
			.withMessageContaining("is not an RFC 3339 timestamp");
	}

}
