package io.windshift.streams;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A position in a stream to start reading from: only new events, the start, the end (the
 * last stored event), an event id or a point in time. {@link #parse(String)} reads the
 * textual form used by annotations and properties: {@code new}, {@code start},
 * {@code end}, {@code id:<n>} and {@code time:<ISO-8601 instant>}; {@link #toString()}
 * writes it.
 */
public final class StreamPointer {

	/** The kinds of pointer. */
	public enum Kind {

		/** Only events published after the reader was created. */
		NEW,

		/** The first event stored. */
		START,

		/** The last event stored, then everything after it. */
		END,

		/** The event with a given id (stream sequence), then everything after it. */
		ID,

		/** The first event stored at or after a given time. */
		TIME

	}

	private static final StreamPointer NEW = new StreamPointer(Kind.NEW, 0, null);

	private static final StreamPointer START = new StreamPointer(Kind.START, 0, null);

	private static final StreamPointer END = new StreamPointer(Kind.END, 0, null);

	private final Kind kind;

	private final long id;

	private final @Nullable Instant time;

	private StreamPointer(Kind kind, long id, @Nullable Instant time) {
		this.kind = kind;
		this.id = id;
		this.time = time;
	}

	/** Only events published after the reader was created (textual form {@code new}). */
	public static StreamPointer onlyNew() {
		return NEW;
	}

	/** The first event stored (textual form {@code start}). */
	public static StreamPointer atStart() {
		return START;
	}

	/** The last event stored, then every later one (textual form {@code end}). */
	public static StreamPointer atEnd() {
		return END;
	}

	/**
	 * The event with the given id (its stream sequence, 1 or more), then every later one.
	 * @param id the event id
	 * @return the pointer
	 * @throws IllegalArgumentException if the id is less than 1
	 */
	public static StreamPointer atId(long id) {
		if (id < 1) {
			throw new IllegalArgumentException(
					"Invalid event id " + id + " for a stream pointer: event ids start at 1");
		}
		return new StreamPointer(Kind.ID, id, null);
	}

	/**
	 * The first event stored at or after the given time.
	 * @param time the time
	 * @return the pointer
	 */
	public static StreamPointer atTime(Instant time) {
		Objects.requireNonNull(time, "time must not be null");
		return new StreamPointer(Kind.TIME, 0, time);
	}

	/**
	 * Reads a pointer from its textual form: {@code new}, {@code start}, {@code end},
	 * {@code id:<n>} or {@code time:<ISO-8601 instant>} (case-insensitive keywords,
	 * surrounding blanks ignored).
	 * @param text the textual form
	 * @return the pointer
	 * @throws IllegalArgumentException if the text is none of these, quoting the text
	 */
	public static StreamPointer parse(String text) {
		Objects.requireNonNull(text, "text must not be null");
		String value = text.strip();
		String lower = value.toLowerCase(Locale.ROOT);
		switch (lower) {
			case "new":
				return NEW;
			case "start":
				return START;
			case "end":
				return END;
			default:
				break;
		}
		if (lower.startsWith("id:")) {
			try {
				return atId(Long.parseLong(value.substring(3).strip()));
			}
			catch (IllegalArgumentException ex) {
				throw invalid(text, ex);
			}
		}
		if (lower.startsWith("time:")) {
			try {
				return atTime(Instant.parse(value.substring(5).strip()));
			}
			catch (DateTimeParseException ex) {
				throw invalid(text, ex);
			}
		}
		throw invalid(text, null);
	}

	private static IllegalArgumentException invalid(String text, @Nullable Exception cause) {
		return new IllegalArgumentException("Invalid stream pointer '" + text
				+ "': expected 'new', 'start', 'end', 'id:<n>' (n >= 1) or 'time:<ISO-8601 instant>'"
				+ " such as 'time:2026-01-31T12:00:00Z'", cause);
	}

	/** The kind of this pointer. */
	public Kind kind() {
		return this.kind;
	}

	/** The event id of an {@link Kind#ID} pointer, otherwise 0. */
	public long id() {
		return this.id;
	}

	/** The time of a {@link Kind#TIME} pointer, otherwise {@code null}. */
	public @Nullable Instant time() {
		return this.time;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (this == other) || (other instanceof StreamPointer that && this.kind == that.kind && this.id == that.id
				&& Objects.equals(this.time, that.time));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.kind, this.id, this.time);
	}

	/** The textual form, which {@link #parse(String)} reads back. */
	@Override
	public String toString() {
		return switch (this.kind) {
			case NEW -> "new";
			case START -> "start";
			case END -> "end";
			case ID -> "id:" + this.id;
			case TIME -> "time:" + this.time;
		};
	}

}
