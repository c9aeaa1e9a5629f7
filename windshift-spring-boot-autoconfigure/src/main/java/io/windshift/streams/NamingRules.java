package io.windshift.streams;

import java.util.Objects;

/**
 * The naming rules of the Go original: stream and consumer names use only
 * {@code A-Z a-z 0-9 _ -}; subjects are dot-separated non-empty tokens without blanks,
 * where {@code *} and {@code >} may only be whole tokens and {@code >} only the last one.
 */
public final class NamingRules {

	/** The rule for names, as quoted in error messages. */
	public static final String NAME_RULE = "names may only contain letters A-Z and a-z, digits 0-9, '_' and '-', "
			+ "and must not be empty";

	/** The rule for subjects, as quoted in error messages. */
	public static final String SUBJECT_RULE = "subjects are non-empty tokens separated by '.', without blanks; "
			+ "'*' and '>' may only be whole tokens and '>' only the last token";

	private NamingRules() {
	}

	/**
	 * Checks a stream or consumer name.
	 * @param what what the name names, for the message (e.g. "stream name")
	 * @param name the name
	 * @return the name
	 * @throws IllegalArgumentException quoting the name and the rule
	 */
	public static String requireValidName(String what, String name) {
		Objects.requireNonNull(name, () -> what + " must not be null");
		if (!isValidName(name)) {
			throw new IllegalArgumentException("Invalid " + what + " '" + name + "': " + NAME_RULE);
		}
		return name;
	}

	/**
	 * Checks a name that belongs to something.
	 * @param what what the name names, for the message (e.g. "consumer name")
	 * @param name the name
	 * @param owner what it belongs to, for the message (e.g. "stream 'orders'")
	 * @return the name
	 * @throws IllegalArgumentException quoting the name, its owner and the rule
	 */
	public static String requireValidName(String what, String name, String owner) {
		Objects.requireNonNull(name, () -> what + " of " + owner + " must not be null");
		if (!isValidName(name)) {
			throw new IllegalArgumentException("Invalid " + what + " '" + name + "' of " + owner + ": " + NAME_RULE);
		}
		return name;
	}

	/** Whether the name follows {@link #NAME_RULE}. */
	public static boolean isValidName(String name) {
		if (name.isEmpty()) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
					|| c == '-';
			if (!ok) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Checks a subject or subject filter.
	 * @param what what the subject is, for the message (e.g. "subject of stream
	 * 'orders'")
	 * @param subject the subject
	 * @return the subject
	 * @throws IllegalArgumentException quoting the subject and the rule
	 */
	public static String requireValidSubject(String what, String subject) {
		Objects.requireNonNull(subject, () -> what + " must not be null");
		if (!isValidSubject(subject)) {
			throw new IllegalArgumentException("Invalid " + what + " '" + subject + "': " + SUBJECT_RULE);
		}
		return subject;
	}

	/**
	 * Checks a subject or subject filter that belongs to something.
	 * @param what what the subject is, for the message (e.g. "filter subject")
	 * @param subject the subject
	 * @param owner what it belongs to, for the message (e.g. "stream 'orders'")
	 * @return the subject
	 * @throws IllegalArgumentException quoting the subject, its owner and the rule
	 */
	public static String requireValidSubject(String what, String subject, String owner) {
		Objects.requireNonNull(subject, () -> what + " of " + owner + " must not be null");
		if (!isValidSubject(subject)) {
			throw new IllegalArgumentException(
					"Invalid " + what + " '" + subject + "' of " + owner + ": " + SUBJECT_RULE);
		}
		return subject;
	}

	/** Whether the subject follows {@link #SUBJECT_RULE}. */
	public static boolean isValidSubject(String subject) {
		if (subject.isEmpty()) {
			return false;
		}
		String[] tokens = subject.split("\\.", -1);
		for (int i = 0; i < tokens.length; i++) {
			String token = tokens[i];
			if (token.isEmpty()) {
				return false;
			}
			for (int j = 0; j < token.length(); j++) {
				char c = token.charAt(j);
				if (Character.isWhitespace(c) || Character.isISOControl(c)) {
					return false;
				}
				if ((c == '*' || c == '>') && token.length() != 1) {
					return false;
				}
			}
			if (token.equals(">") && i != tokens.length - 1) {
				return false;
			}
		}
		return true;
	}

}
