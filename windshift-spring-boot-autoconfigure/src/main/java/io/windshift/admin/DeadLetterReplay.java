package io.windshift.admin;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.windshift.events.WindshiftException;
import io.windshift.events.WireHeaders;

/**
 * The default dead-letter stream ({@value #STREAM}, subjects
 * {@code windshift.dlq.<stream>.<consumer>}) and the replay of its dead letters: each one
 * in range is republished to the subject it was first published to, with its payload and
 * headers (less the {@code WS-DLQ-*} ones), then removed from the dead-letter stream.
 */
public final class DeadLetterReplay {

	private static final Log logger = LogFactory.getLog(DeadLetterReplay.class);

	/** The name of the default dead-letter stream. */
	public static final String STREAM = "windshift-dead-letters";

	/** The prefix of the default dead-letter subjects. */
	public static final String SUBJECT_PREFIX = "windshift.dlq.";

	/** The header with the original subject of a dead letter. */
	static final String ORIGINAL_SUBJECT = "WS-DLQ-Subject";

	/** The header with the original id of a dead letter. */
	static final String ORIGINAL_ID = "WS-DLQ-Id";

	private static final String DEAD_LETTER_HEADERS = "WS-DLQ-";

	private static final int NO_MESSAGE_FOUND = 10037;

	private static final Pattern NOT_IN_A_TOKEN = Pattern.compile("[.*>\\s]");

	private DeadLetterReplay() {
	}

	/**
	 * The default dead-letter subject of a consumer:
	 * {@code windshift.dlq.<stream>.<consumer>}, where characters a subject token cannot
	 * hold ({@code . * >} and whitespace) become {@code _}.
	 * @param stream the stream the events were read from
	 * @param consumer the durable consumer, or the listener id for an ephemeral consumer
	 */
	public static String subject(String stream, String consumer) {
		return SUBJECT_PREFIX + token(stream) + "." + token(consumer);
	}

	private static String token(String value) {
		return NOT_IN_A_TOKEN.matcher(value).replaceAll("_");
	}

	/**
	 * Replays the dead letters of a consumer whose original ids lie in a range.
	 * @return how many were replayed
	 */
	static int replay(Connection connection, String stream, String consumer, long firstId, long lastId) {
		String subject = subject(stream, consumer);
		int replayed = 0;
		try {
			JetStreamManagement jsm = connection.jetStreamManagement();
			long sequence = 1;
			MessageInfo letter;
			while ((letter = next(jsm, sequence, subject)) != null) {
				sequence = letter.getSeq() + 1;
				Headers headers = letter.getHeaders();
				String original = (headers != null) ? headers.getFirst(ORIGINAL_SUBJECT) : null;
				long id = idOf(headers);
				if (headers == null || original == null || id < firstId || id > lastId) {
					continue;
				}
				connection.jetStream()
					.publish(NatsMessage.builder()
						.subject(original)
						.headers(replayHeaders(headers, letter.getSeq()))
						.data(letter.getData())
						.build());
				jsm.deleteMessage(STREAM, letter.getSeq());
				replayed++;
			}
		}
		catch (IOException | JetStreamApiException | RuntimeException ex) {
			throw new WindshiftException("Replayed " + replayed + " dead letter(s) of consumer '" + consumer
					+ "' of stream '" + stream + "', then failed: " + ex.getMessage(), ex, true);
		}
		logger.info("Replayed " + replayed + " dead letter(s) of consumer '" + consumer + "' of stream '" + stream
				+ "' to their original subjects");
		return replayed;
	}

	private static @Nullable MessageInfo next(JetStreamManagement jsm, long sequence, String subject)
			throws IOException, JetStreamApiException {
		try {
			return jsm.getNextMessage(STREAM, sequence, subject);
		}
		catch (JetStreamApiException ex) {
			if (ex.getApiErrorCode() == NO_MESSAGE_FOUND || JetStreamErrors.is(ex, JetStreamErrors.STREAM_NOT_FOUND)) {
				return null;
			}
			throw ex;
		}
	}

	private static long idOf(@Nullable Headers headers) {
		String id = (headers != null) ? headers.getFirst(ORIGINAL_ID) : null;
		try {
			return (id != null) ? Long.parseLong(id) : -1;
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	/**
	 * The original headers; the idempotency key becomes one per dead letter, so that the
	 * original key (still in the deduplication window, maybe) does not swallow the
	 * replay, and a replay that is retried is stored once.
	 */
	private static Headers replayHeaders(Headers headers, long deadLetterId) {
		Headers replay = new Headers();
		for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
			if (!entry.getKey().startsWith(DEAD_LETTER_HEADERS) && !entry.getKey().equals(WireHeaders.MSG_ID)) {
				replay.put(entry.getKey(), entry.getValue());
			}
		}
		replay.put(WireHeaders.MSG_ID, "windshift-replay-" + deadLetterId);
		return replay;
	}

}
