package io.windshift.listener;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.nats.client.api.RetentionPolicy;
import org.jspecify.annotations.Nullable;

import io.windshift.admin.WindshiftAdmin;
import io.windshift.admin.WorkQueueRules;
import io.windshift.consumers.ConsumerDefinition;

/**
 * Checks before listeners start that no two consumers of a work-queue stream overlap: the
 * server takes each event of such a stream from one consumer only, and refuses a consumer
 * whose filters overlap another's. Listeners that share one durable consumer do not
 * overlap.
 */
final class WorkQueueListeners {

	private WorkQueueListeners() {
	}

	/**
	 * @throws IllegalStateException naming two listeners whose consumers of a work-queue
	 * stream overlap
	 */
	static void check(Collection<ListenerContainer> containers, WindshiftAdmin admin) {
		Map<String, List<ListenerContainer>> byStream = new LinkedHashMap<>();
		containers.forEach((container) -> byStream.computeIfAbsent(container.getStream(), (key) -> new ArrayList<>())
			.add(container));
		byStream.forEach((stream, listeners) -> {
			List<WindshiftListenerContainer> single = listeners.stream()
				.filter(WindshiftListenerContainer.class::isInstance)
				.map(WindshiftListenerContainer.class::cast)
				.toList();
			boolean partitioned = single.size() < listeners.size();
			if ((listeners.size() > 1 || partitioned) && isWorkQueue(stream, admin)) {
				listeners.stream()
					.filter(PartitionedListenerContainer.class::isInstance)
					.findFirst()
					.ifPresent((listener) -> {
						throw new IllegalStateException("Listener '" + listener.getListenerId()
								+ "' is partitioned, but stream '" + stream + "' is a work-queue stream, where each "
								+ "event goes to one consumer only: the consumer of each partition needs every event");
					});
				checkPairs(stream, single);
			}
		});
	}

	private static boolean isWorkQueue(String stream, WindshiftAdmin admin) {
		try {
			return admin.streamInfo(stream)
				.map((info) -> info.getConfiguration().getRetentionPolicy() == RetentionPolicy.WorkQueue)
				.orElse(false);
		}
		catch (RuntimeException ex) {
			// unreachable now: the server refuses an overlapping consumer when the
			// listener binds
			return false;
		}
	}

	private static void checkPairs(String stream, List<WindshiftListenerContainer> listeners) {
		for (int i = 0; i < listeners.size(); i++) {
			for (int j = i + 1; j < listeners.size(); j++) {
				ConsumerDefinition first = listeners.get(i).consumerDefinition();
				ConsumerDefinition second = listeners.get(j).consumerDefinition();
				if (first.isDurable() && first.name().equals(second.name())) {
					continue;
				}
				String overlap = overlap(first.subjects(), second.subjects());
				if (overlap != null) {
					throw new IllegalStateException("Listeners '" + listeners.get(i).getListenerId() + "' and '"
							+ listeners.get(j).getListenerId() + "' consume overlapping subjects (" + overlap
							+ ") of work-queue stream '" + stream + "', where each event goes to one consumer only: "
							+ "give them disjoint subjects or one durable consumer");
				}
			}
		}
	}

	private static @Nullable String overlap(List<String> first, List<String> second) {
		for (String a : first.isEmpty() ? List.of(">") : first) {
			for (String b : second.isEmpty() ? List.of(">") : second) {
				if (WorkQueueRules.overlap(a, b)) {
					return Objects.equals(a, b) ? a : a + " and " + b;
				}
			}
		}
		return null;
	}

}
