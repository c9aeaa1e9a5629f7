package io.windshift.chaos;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One operation of a chaos history: when (microseconds since the epoch; all processes run
 * on one machine and share its clock), which process, what ({@code publish},
 * {@code handle}, {@code settle}, {@code listen}, {@code fault}, {@code run}) and its
 * fields. Written as one flat JSON object per line.
 *
 * @param at microseconds since the epoch
 * @param process the process that recorded it ({@code app-1}, {@code faults}, ...)
 * @param op the kind of operation
 * @param fields the operation's fields (string values)
 */
public record HistoryRecord(long at, String process, String op, Map<String, String> fields) {

	public HistoryRecord {
		fields = Map.copyOf(fields);
	}

	/**
	 * A record with fields given as name, value, name, value, ... ({@code null} values
	 * are left out).
	 */
	public static HistoryRecord of(long at, String process, String op, @Nullable Object... nameValues) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (int i = 0; i + 1 < nameValues.length; i += 2) {
			if (nameValues[i + 1] != null) {
				fields.put(String.valueOf(nameValues[i]), String.valueOf(nameValues[i + 1]));
			}
		}
		return new HistoryRecord(at, process, op, fields);
	}

	public @Nullable String get(String name) {
		return this.fields.get(name);
	}

	public String require(String name) {
		String value = this.fields.get(name);
		if (value == null) {
			throw new IllegalArgumentException("No '" + name + "' in " + this);
		}
		return value;
	}

	public long longValue(String name, long otherwise) {
		String value = this.fields.get(name);
		return (value != null) ? Long.parseLong(value) : otherwise;
	}

	public boolean is(String name, String value) {
		return value.equals(this.fields.get(name));
	}

	/** The record as one JSON line (without the line break). */
	public String toJson() {
		StringBuilder json = new StringBuilder(128).append("{\"at\":").append(this.at).append(",\"process\":");
		quote(json, this.process).append(",\"op\":");
		quote(json, this.op);
		Map<String, String> sorted = new java.util.TreeMap<>(this.fields);
		sorted.forEach((name, value) -> quote(quote(json.append(','), name).append(':'), value));
		return json.append('}').toString();
	}

	/**
	 * Parses a line written by {@link #toJson()}; {@code null} for a line that is not one
	 * (cut short, say).
	 */
	public static @Nullable HistoryRecord parse(String line) {
		String text = line.trim();
		if (!text.startsWith("{") || !text.endsWith("}")) {
			return null;
		}
		Map<String, String> values = new LinkedHashMap<>();
		int[] position = { 1 };
		try {
			while (position[0] < text.length() - 1) {
				String name = readString(text, position);
				expect(text, position, ':');
				String value = (text.charAt(position[0]) == '"') ? readString(text, position)
						: readNumber(text, position);
				values.put(name, value);
				if (text.charAt(position[0]) == ',') {
					position[0]++;
				}
			}
			String at = values.remove("at");
			String process = values.remove("process");
			String op = values.remove("op");
			if (at == null || process == null || op == null) {
				return null;
			}
			return new HistoryRecord(Long.parseLong(at), process, op, values);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static StringBuilder quote(StringBuilder json, String value) {
		json.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		return json.append('"');
	}

	private static String readString(String text, int[] position) {
		expect(text, position, '"');
		StringBuilder value = new StringBuilder();
		for (char c = text.charAt(position[0]++); c != '"'; c = text.charAt(position[0]++)) {
			if (c == '\\') {
				char escaped = text.charAt(position[0]++);
				switch (escaped) {
					case 'n' -> value.append('\n');
					case 'r' -> value.append('\r');
					case 't' -> value.append('\t');
					case 'u' -> {
						value.append((char) Integer.parseInt(text.substring(position[0], position[0] + 4), 16));
						position[0] += 4;
					}
					default -> value.append(escaped);
				}
			}
			else {
				value.append(c);
			}
		}
		return value.toString();
	}

	private static String readNumber(String text, int[] position) {
		int start = position[0];
		while (position[0] < text.length() && "-0123456789".indexOf(text.charAt(position[0])) >= 0) {
			position[0]++;
		}
		if (start == position[0]) {
			throw new IllegalArgumentException("not a number at " + start);
		}
		return text.substring(start, position[0]);
	}

	private static void expect(String text, int[] position, char c) {
		if (text.charAt(position[0]) != c) {
			throw new IllegalArgumentException("expected " + c + " at " + position[0]);
		}
		position[0]++;
	}

}
