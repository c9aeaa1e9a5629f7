package io.windshift.events.internal;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PublishedTimeTests {

	@ParameterizedTest
	@CsvSource({ "2026-11-27T20:25:37Z, 2026-11-27T20:25:37Z", "2026-11-27T20:25:37.100Z, 2026-11-27T20:25:37.1Z",
			"2026-11-27T20:25:37.123456789Z, 2026-11-27T20:25:37.123456789Z",
			"2026-11-27T20:25:37.000000010Z, 2026-11-27T20:25:37.00000001Z",
			"2026-11-27T20:25:37.120300Z, 2026-11-27T20:25:37.1203Z", "0001-01-01T00:00:00Z, 0001-01-01T00:00:00Z",
			"1969-12-31T23:59:59.5Z, 1969-12-31T23:59:59.5Z",
			"9999-12-31T23:59:59.999999999Z, 9999-12-31T23:59:59.999999999Z" })
	void formatsLikeGoRfc3339Nano(String instant, String expected) {
		assertThat(PublishedTime.format(Instant.parse(instant))).isEqualTo(expected);
	}

	@Test
	void formatRejectsYearsRfc3339CannotHold() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PublishedTime.format(Instant.parse("+10000-01-01T00:00:00Z")))
			.withMessageContaining("0000 to 9999");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PublishedTime.format(Instant.parse("-0001-01-01T00:00:00Z")));
	}

	@ParameterizedTest
	@CsvSource({ "2026-11-27T20:25:37Z, 2026-11-27T20:25:37Z",
			"2026-11-27T21:25:37.1234+01:00, 2026-11-27T20:25:37.1234Z",
			"2026-11-27T15:25:37.123456789-05:00, 2026-11-27T20:25:37.123456789Z",
			"2026-11-27T20:25:37.5+00:00, 2026-11-27T20:25:37.5Z", "2026-11-27t20:25:37z, 2026-11-27T20:25:37Z",
			"2026-11-28T05:55:37+09:30, 2026-11-27T20:25:37Z" })
	void parsesAnyOffsetAndFraction(String text, String expected) {
		assertThat(PublishedTime.parse(text)).isEqualTo(Instant.parse(expected));
	}

	@Test
	void roundTrips() {
		Instant now = Instant.now();
		assertThat(PublishedTime.parse(PublishedTime.format(now))).isEqualTo(now);
		Instant whole = Instant.ofEpochSecond(1_800_000_000L);
		assertThat(PublishedTime.parse(PublishedTime.format(whole))).isEqualTo(whole);
	}

	@ParameterizedTest
	@ValueSource(strings = { "garbage", "2026-11-27", "2026-11-27T20:25:37", "2026-11-27T20:25Z",
			"2026-11-27 20:25:37Z", "2026-13-27T20:25:37Z", "2026-02-30T20:25:37Z", "2026-11-27T20:25:37.Z",
			"2026-11-27T20:25:37.1234567891Z", "2026-11-27T20:25:37+0100", "0001-01-01T00:00:00Z trailing",
			"1700000000" })
	void rejectsMalformedInputClearly(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> PublishedTime.parse(text))
			.withMessageContaining("WS-Published-Time")
			.withMessageContaining(text.length() > 20 ? text.substring(0, 20) : text)
			.withMessageContaining("RFC 3339");
	}

	@Test
	void rejectsMissingValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> PublishedTime.parse(null))
			.withMessage("WS-Published-Time is missing");
		assertThatIllegalArgumentException().isThrownBy(() -> PublishedTime.parse(""))
			.withMessage("WS-Published-Time is missing");
	}

}
