package io.windshift.admin;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Formats setting values for messages: durations as {@code 30d}, {@code 2m},
 * {@code 500ms}; zero limits as {@code unlimited}.
 */
final class Values {

	private Values() {
	}

	static String limit(long value) {
		return (value <= 0) ? "unlimited" : Long.toString(value);
	}

	static String age(@Nullable Duration value) {
		return (value == null || value.isZero() || value.isNegative()) ? "unlimited" : duration(value);
	}

	static String duration(@Nullable Duration value) {
		if (value == null) {
			return "none";
		}
		long millis = value.toMillis();
		if (millis != 0 && value.toNanos() % 1_000_000 == 0) {
			if (millis % 86_400_000 == 0) {
				return (millis / 86_400_000) + "d";
			}
			if (millis % 3_600_000 == 0) {
				return (millis / 3_600_000) + "h";
			}
			if (millis % 60_000 == 0) {
				return (millis / 60_000) + "m";
			}
			if (millis % 1000 == 0) {
				return (millis / 1000) + "s";
			}
			return millis + "ms";
		}
		return value.toString();
	}

	static String durations(List<Duration> values) {
		return values.stream().map(Values::duration).collect(Collectors.joining(", ", "[", "]"));
	}

	static String text(@Nullable String value) {
		return (value == null || value.isEmpty()) ? "none" : "'" + value + "'";
	}

}
