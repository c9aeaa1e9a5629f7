package io.windshift.listener;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.windshift.admin.DeadLetterReplay;
import io.windshift.admin.WindshiftAdmin;
import io.windshift.admin.WindshiftDeclarations;
import io.windshift.events.WindshiftLifecycle;
import io.windshift.streams.StreamDefinition;

/**
 * The default home of dead letters: listeners without a dead-letter subject of their own
 * republish given-up events to {@code windshift.dlq.<stream>.<consumer>} (the listener id
 * stands in for the consumer of an ephemeral listener), held by the stream {@value #NAME}
 * with subjects {@value #SUBJECTS}. The stream is declared when a listener needs it: at
 * startup, after the declared streams and before the listeners start, or when such a
 * listener is registered later.
 */
public class DeadLetterStream extends WindshiftLifecycle {

	private static final Log logger = LogFactory.getLog(DeadLetterStream.class);

	/** The name of the dead-letter stream. */
	public static final String NAME = DeadLetterReplay.STREAM;

	/** The prefix of the default dead-letter subjects. */
	public static final String SUBJECT_PREFIX = DeadLetterReplay.SUBJECT_PREFIX;

	/** The subjects of the dead-letter stream. */
	public static final String SUBJECTS = SUBJECT_PREFIX + ">";

	/**
	 * The lifecycle phase: after the startup declarations, before the listeners start.
	 */
	public static final int PHASE = WindshiftDeclarations.PHASE + 50;

	private final WindshiftAdmin admin;

	private final StreamDefinition definition;

	private final Object monitor = new Object();

	private boolean needed;

	private boolean declared;

	/**
	 * @param admin declares the stream
	 * @param definition its definition: name {@value #NAME} and subjects
	 * {@value #SUBJECTS}, limits as wanted
	 */
	public DeadLetterStream(WindshiftAdmin admin, StreamDefinition definition) {
		super(PHASE);
		if (!definition.name().equals(NAME) || !definition.subjects().equals(java.util.List.of(SUBJECTS))) {
			throw new IllegalArgumentException("The dead-letter stream must be named '" + NAME + "' with the subjects '"
					+ SUBJECTS + "', not " + definition);
		}
		this.admin = admin;
		this.definition = definition;
	}

	/**
	 * A definition of the dead-letter stream with the server's default limits, to be
	 * refined.
	 */
	public static StreamDefinition.Builder definition() {
		return StreamDefinition.builder(NAME)
			.subjects(SUBJECTS)
			.description("Events given up by Windshift listeners; replay with WindshiftAdmin.replayDeadLetters");
	}

	/**
	 * The default dead-letter subject of a listener:
	 * {@code windshift.dlq.<stream>.<consumer>}, where characters a subject token cannot
	 * hold ({@code . * >} and whitespace) become {@code _}.
	 * @param stream the stream the listener consumes
	 * @param consumer its durable consumer, or its listener id for an ephemeral consumer
	 */
	public static String subject(String stream, String consumer) {
		return DeadLetterReplay.subject(stream, consumer);
	}

	/** The stream's definition. */
	public StreamDefinition getDefinition() {
		return this.definition;
	}

	/**
	 * Notes that a listener dead-letters here; once the application runs, declares the
	 * stream right away.
	 * @throws io.windshift.events.WindshiftException if the stream cannot be declared
	 * then
	 */
	public void require() {
		synchronized (this.monitor) {
			this.needed = true;
			if (isRunning()) {
				declare();
			}
		}
	}

	private void declare() {
		if (!this.declared) {
			this.admin.ensureStream(this.definition);
			this.declared = true;
			logger.debug("Dead-letter stream '" + NAME + "' declared");
		}
	}

	@Override
	public void start() {
		synchronized (this.monitor) {
			if (this.needed) {
				declare();
			}
			setRunning(true);
		}
	}

}
