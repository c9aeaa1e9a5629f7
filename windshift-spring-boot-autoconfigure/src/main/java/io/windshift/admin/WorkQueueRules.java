package io.windshift.admin;

import java.util.function.Supplier;

import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.RetentionPolicy;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What the server requires of consumers on a work-queue stream: they deliver from the
 * stream's first event (an event stays only until one consumer acknowledged it, so there
 * is nothing "before" to skip), and their filter subjects do not overlap.
 */
public final class WorkQueueRules {

	private static final Log logger = LogFactory.getLog(WorkQueueRules.class);

	private WorkQueueRules() {
	}

	/**
	 * The consumer configuration to create on a stream: on a work-queue stream, one that
	 * delivers all events whatever its declared start.
	 * @param declared the declared configuration
	 * @param retention the stream's retention ({@code null} if the stream does not
	 * exist); asked only when the declared configuration does not deliver all events
	 * already
	 * @return the configuration to create
	 */
	static ConsumerConfiguration deliverAll(ConsumerConfiguration declared,
			Supplier<@Nullable RetentionPolicy> retention) {
		DeliverPolicy policy = declared.getDeliverPolicy();
		if (policy == null || policy == DeliverPolicy.All || retention.get() != RetentionPolicy.WorkQueue) {
			return declared;
		}
		logger.debug("Consumer " + declared.getName() + " of a work-queue stream delivers from the first event "
				+ "(declared: " + policy + ")");
		return ConsumerConfiguration.builder(declared)
			.deliverPolicy(DeliverPolicy.All)
			.startSequence(null)
			.startTime(null)
			.build();
	}

	/**
	 * Whether two subject filters can match one subject ({@code *} one token, {@code >}
	 * one or more).
	 * @param first a subject filter
	 * @param second another subject filter
	 * @return whether some subject matches both
	 */
	public static boolean overlap(String first, String second) {
		String[] a = first.split("\\.");
		String[] b = second.split("\\.");
		for (int i = 0; i < a.length && i < b.length; i++) {
			if (a[i].equals(">") || b[i].equals(">")) {
				return true;
			}
			if (!a[i].equals(b[i]) && !a[i].equals("*") && !b[i].equals("*")) {
				return false;
			}
		}
		return a.length == b.length;
	}

}
