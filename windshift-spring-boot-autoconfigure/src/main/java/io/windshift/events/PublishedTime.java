package io.windshift.events;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;

import org.jspecify.annotations.Nullable;

/**
 * Formats and parses the {@code WS-Published-Time} header: RFC 3339 with up to nanoseconds, as windshift-go
 * writes it ({@code 2026-11-27T20:25:37.1234Z}, trailing zeros of the fraction dropped, any offset).
 */
public final class PublishedTime {

	private static final Instant MIN = Instant.parse("0000-01-01T00:00:00Z");

	private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");

	private static final DateTimeFormatter PARSER = new DateTimeFormatterBuilder().parseCaseInsensitive()
		.appendValue(ChronoField.YEAR, 4)
		.appendLiteral('-')
		.appendValue(ChronoField.MONTH_OF_YEAR, 2)
		.appendLiteral('-')
		.appendValue(ChronoField.DAY_OF_MONTH, 2)
		.appendLiteral('T')
		.appendValue(ChronoField.HOUR_OF_DAY, 2)
		.appendLiteral(':')
		.appendValue(ChronoField.MINUTE_OF_HOUR, 2)
		.appendLiteral(':')
		.appendValue(ChronoField.SECOND_OF_MINUTE, 2)
		.optionalStart()
		.appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
		.optionalEnd()
		.appendOffset("+HH:MM", "Z")
		.toFormatter()
		.withResolverStyle(ResolverStyle.STRICT)
		.withChronology(java.time.chrono.IsoChronology.INSTANCE);

	private PublishedTime() {
	}

	/**
	 * Formats an instant in UTC as RFC 3339 with as many fraction digits as needed (none for whole seconds).
	 * @throws IllegalArgumentException if the instant lies outside the years 0000 to 9999
	 */
	public static String format(Instant instant) {
		checkRange(instant);
		LocalDateTime time = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
		StringBuilder out = new StringBuilder(30);
		pad(out, time.getYear(), 4).append('-');
		pad(out, time.getMonthValue(), 2).append('-');
		pad(out, time.getDayOfMonth(), 2).append('T');
		pad(out, time.getHour(), 2).append(':');
		pad(out, time.getMinute(), 2).append(':');
		pad(out, time.getSecond(), 2);
		int nanos = instant.getNano();
		if (nanos != 0) {
			int digits = 9;
			while (nanos % 10 == 0) {
				nanos /= 10;
				digits--;
			}
			out.append('.');
			pad(out, nanos, digits);
		}
		return out.append('Z').toString();
	}

	/**
	 * Parses an RFC 3339 timestamp with any offset and 0 to 9 fraction digits.
	 * @throws IllegalArgumentException if the value is missing or not RFC 3339, naming the value
	 */
	public static Instant parse(@Nullable String value) {
		if (value == null || value.isEmpty()) {
			throw new IllegalArgumentException(WireHeaders.PUBLISHED_TIME + " is missing");
		}
		try {
			return OffsetDateTime.parse(value, PARSER).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException(WireHeaders.PUBLISHED_TIME + " '" + abbreviate(value)
					+ "' is not an RFC 3339 timestamp such as 2026-11-27T20:25:37.123456789Z", ex);
		}
	}

	static void checkRange(Instant instant) {
		if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
			throw new IllegalArgumentException(
					"occurredAt " + instant + " cannot be written as RFC 3339: the year must be 0000 to 9999");
		}
	}

	private static StringBuilder pad(StringBuilder out, int value, int width) {
		String digits = Integer.toString(value);
		for (int i = digits.length(); i < width; i++) {
			out.append('0');
		}
		return out.append(digits);
	}

	private static String abbreviate(String value) {
		return (value.length() <= 64) ? value : value.substring(0, 64) + "...";
	}

}
