package io.windshift.chaos;

/** NATS subject filters: {@code *} takes one token, a trailing {@code >} one or more. */
final class Subjects {

	private Subjects() {
	}

	static boolean matches(String filter, String subject) {
		String[] filterTokens = filter.split("\\.");
		String[] subjectTokens = subject.split("\\.");
		for (int i = 0; i < filterTokens.length; i++) {
			if (filterTokens[i].equals(">")) {
				return subjectTokens.length > i;
			}
			if (i >= subjectTokens.length
					|| (!filterTokens[i].equals("*") && !filterTokens[i].equals(subjectTokens[i]))) {
				return false;
			}
		}
		return filterTokens.length == subjectTokens.length;
	}

}
