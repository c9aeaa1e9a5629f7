package io.windshift.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.common.KeyValues;
import io.windshift.observation.WindshiftObservation.Keys;
import org.jspecify.annotations.Nullable;

/**
 * The low-cardinality key values of publishes (single events and atomic batches alike):
 * made once per stream and outcome, not per event.
 */
final class PublishKeyValues {

	/** The event or batch was stored. */
	static final int STORED = 0;

	/** The event was a duplicate of one stored within the deduplication window. */
	static final int DUPLICATE = 1;

	/** The publish failed. */
	static final int ERROR = 2;

	private static final String[] OUTCOMES = { "stored", "duplicate", "error" };

	/** Streams whose key values are cached at most (any beyond are made per call). */
	private static final int MAX_STREAMS = 256;

	/** Per stream: the low-cardinality key values by outcome, made once. */
	private final Map<String, KeyValues[]> cache = new ConcurrentHashMap<>();

	/**
	 * The key values of a publish to a stream ({@code unknown} when the server did not
	 * say) with one of {@link #STORED}, {@link #DUPLICATE} or {@link #ERROR}.
	 */
	KeyValues of(@Nullable String stream, int outcome) {
		String name = (stream != null) ? stream : "unknown";
		KeyValues[] byOutcome = this.cache.get(name);
		if (byOutcome == null) {
			byOutcome = new KeyValues[OUTCOMES.length];
			for (int i = 0; i < OUTCOMES.length; i++) {
				byOutcome[i] = KeyValues.of(Keys.SYSTEM.withValue("nats"), Keys.OPERATION_TYPE.withValue("send"),
						Keys.OPERATION_NAME.withValue("publish"), Keys.STREAM.withValue(name),
						Keys.OUTCOME.withValue(OUTCOMES[i]));
			}
			if (this.cache.size() < MAX_STREAMS) {
				this.cache.put(name, byOutcome);
			}
		}
		return byOutcome[outcome];
	}

}
