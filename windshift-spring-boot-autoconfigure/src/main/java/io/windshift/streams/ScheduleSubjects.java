package io.windshift.streams;

/**
 * The subjects where a stream that {@linkplain StreamDefinition#allowScheduledEvents()
 * allows scheduled events} keeps its delayed events until they are due:
 * {@code windshift.schedules.<stream>.>}. The server requires a schedule to sit on a
 * subject of the same stream other than its target; this prefix is outside every user
 * subject, so a listener filtering on the stream's own subjects never sees a schedule.
 * When a delayed event fires, the server stores it on its target subject and purges its
 * schedule subject.
 */
public final class ScheduleSubjects {

	/** The first tokens of every schedule subject. */
	public static final String PREFIX = "windshift.schedules.";

	private ScheduleSubjects() {
	}

	/**
	 * The schedule subjects of a stream, a wildcard.
	 * @param stream the stream name
	 * @return {@code windshift.schedules.<stream>.>}
	 */
	public static String of(String stream) {
		return PREFIX + stream + ".>";
	}

	/**
	 * The schedule subject of one delayed event.
	 * @param stream the stream name
	 * @param id a token unique to the event
	 * @return {@code windshift.schedules.<stream>.<id>}
	 */
	public static String of(String stream, String id) {
		return PREFIX + stream + "." + id;
	}

	/** Whether a subject is a schedule subject (of any stream). */
	public static boolean isScheduleSubject(String subject) {
		return subject.startsWith(PREFIX);
	}

	/**
	 * Whether a subject filter (wildcards allowed) can match a schedule subject of this
	 * stream.
	 * @param filter a subject filter
	 * @param stream the stream name
	 * @return {@code true} if some subject matches both
	 */
	public static boolean overlaps(String filter, String stream) {
		String[] tokens = filter.split("\\.");
		String[] schedule = { "windshift", "schedules", stream };
		for (int i = 0; i < tokens.length; i++) {
			if (tokens[i].equals(">")) {
				return true;
			}
			if (i >= schedule.length) {
				// the schedule side continues with '>': any further tokens match
				return true;
			}
			if (!tokens[i].equals("*") && !tokens[i].equals(schedule[i])) {
				return false;
			}
		}
		return false;
	}

}
