package io.windshift.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.common.KeyValues;
import io.windshift.observation.WindshiftObservation.Keys;
import org.jspecify.annotations.Nullable;

/**
 * The default publish convention: metric {@code windshift.publish}, span
 * {@code publish <subject>}. The low-cardinality key values are made once per stream and
 * outcome and the span name once per subject, not per event; the high-cardinality ones
 * once per publish (Micrometer asks for them on start and again on stop).
 */
public class DefaultPublishObservationConvention extends PublishConvention<PublishObservationContext>
		implements PublishObservationConvention {

	/** A shared instance. */
	public static final DefaultPublishObservationConvention INSTANCE = new DefaultPublishObservationConvention();

	/** Subjects whose span names are cached at most (any beyond are made per call). */
	private static final int MAX_NAMES = 1024;

	/** Span names by subject. */
	private final Map<String, String> names = new ConcurrentHashMap<>();

	public DefaultPublishObservationConvention() {
		super("windshift.publish");
	}

	@Override
	public String getContextualName(PublishObservationContext context) {
		String subject = context.getSubject();
		String name = this.names.get(subject);
		if (name == null) {
			name = "publish " + subject;
			if (this.names.size() < MAX_NAMES) {
				this.names.put(subject, name);
			}
		}
		return name;
	}

	@Override
	@Nullable String stream(PublishObservationContext context) {
		return context.getStream();
	}

	@Override
	int outcome(PublishObservationContext context) {
		return (context.getError() != null) ? PublishKeyValues.ERROR
				: Boolean.TRUE.equals(context.getDuplicate()) ? PublishKeyValues.DUPLICATE : PublishKeyValues.STORED;
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(PublishObservationContext context) {
		KeyValues values = context.sentKeyValues;
		if (values == null) {
			values = KeyValues.of(Keys.DESTINATION.withValue(context.getSubject()),
					Keys.DATA_TYPE.withValue(context.getDataType()));
			context.sentKeyValues = values;
		}
		Long id = context.getId();
		return (id != null) ? values.and(Keys.MESSAGE_ID.withValue(Long.toString(id))) : values;
	}

}
