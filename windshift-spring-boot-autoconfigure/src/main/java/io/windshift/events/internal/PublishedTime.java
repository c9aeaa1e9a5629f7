package io.windshift.events.internal;

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
 * Formats and parses the {@code WS-Published-Time} header: RFC 3339 with up to
 * nanoseconds, as windshift-go writes it ({@code 2026-11-27T20:25:37.1234Z}, trailing
 * zeros of the fraction dropped, any offset).
 */
public final class PublishedTime {

	/** The header's name (the same as {@code WireHeaders.PUBLISHED_TIME}). */
	private static final String HEADER = "WS-Published-Time";

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
	 * Formats an instant in UTC as RFC 3339 with as many fraction digits as needed (none
	 * for whole seconds).
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
	 * @throws IllegalArgumentException if the value is missing or not RFC 3339, naming
	 * the value
	 */
	public static Instant parse(@Nullable String value) {
		if (value == null || value.isEmpty()) {
			throw new IllegalArgumentException(HEADER + " is missing");
		}
		Instant fast = parseCommon(value);
		if (fast != null) {
			return fast;
		}
		try {
			return OffsetDateTime.parse(value, PARSER).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException(HEADER + " '" + abbreviate(value)
					+ "' is not an RFC 3339 timestamp such as 2026-11-27T20:25:37.123456789Z", ex);
		}
	}

	/**
	 * Parses the common shape ({@code YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)},
	 * upper case) without the formatter, which costs microseconds per event; anything
	 * else, valid or not, is left to the formatter (returns {@code null}), so results and
	 * errors are the formatter's.
	 */
	private static @Nullable Instant parseCommon(String value) {
		int length = value.length();
		if (length < 20 || value.charAt(4) != '-' || value.charAt(7) != '-' || value.charAt(10) != 'T'
				|| value.charAt(13) != ':' || value.charAt(16) != ':') {
			return null;
		}
		int year = digits(value, 0, 4);
		int month = digits(value, 5, 2);
		int day = digits(value, 8, 2);
		int hour = digits(value, 11, 2);
		int minute = digits(value, 14, 2);
		int second = digits(value, 17, 2);
		if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
				|| minute > 59 || second < 0 || second > 59) {
			return null;
		}
		int index = 19;
		int nanos = 0;
		if (value.charAt(index) == '.') {
			int start = ++index;
			while (index < length && value.charAt(index) >= '0' && value.charAt(index) <= '9') {
				index++;
			}
			int count = index - start;
			if (count < 1 || count > 9) {
				return null;
			}
			nanos = digits(value, start, count);
			for (int i = count; i < 9; i++) {
				nanos *= 10;
			}
		}
		int offsetSeconds;
		if (index == length - 1 && value.charAt(index) == 'Z') {
			offsetSeconds = 0;
		}
		else if (index == length - 6 && (value.charAt(index) == '+' || value.charAt(index) == '-')
				&& value.charAt(index + 3) == ':') {
			int offsetHours = digits(value, index + 1, 2);
			int offsetMinutes = digits(value, index + 4, 2);
			if (offsetHours < 0 || offsetHours > 17 || offsetMinutes < 0 || offsetMinutes > 59) {
				return null;
			}
			offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * ((value.charAt(index) == '-') ? -1 : 1);
		}
		else {
			return null;
		}
		if (day > java.time.Month.of(month).length(java.time.Year.isLeap(year))) {
			return null;
		}
		long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
		long epochSecond = epochDay * 86400 + hour * 3600L + minute * 60L + second - offsetSeconds;
		return Instant.ofEpochSecond(epochSecond, nanos);
	}

	/**
	 * The non-negative number in {@code count} ASCII digits from {@code start}, or -1 if
	 * not all are digits.
	 */
	private static int digits(String value, int start, int count) {
		int result = 0;
		for (int i = start; i < start + count; i++) {
			char c = value.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			result = result * 10 + (c - '0');
		}
		return result;
	}

	/**
	 * Checks that the instant can be written as RFC 3339 (years 0000 to 9999).
	 * @throws IllegalArgumentException if it cannot
	 */
	public static void checkRange(Instant instant) {
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
