package io.windshift.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the application instances of a chaos run do: which listener kinds listen and which
 * publisher kinds publish. Each kind is a part that can be switched on by name
 * ({@code --listeners plain,serial,ordered,batch},
 * {@code --publishers sync,async,after-commit}).
 * <p>
 * The {@code ordered} listener ({@link OrderedListener}) records {@code ordered=true}, so
 * the checker's reorder rule applies to it; the {@code batch} listener
 * ({@link BatchListener}) records every event of its batches. The {@code after-commit}
 * publisher ({@code publishAfterCommit} in a transaction) records {@code publish ok}
 * without a stream position once its transaction committed; the checker expects such
 * events handled too.
 */
public final class ChaosWorkload {

	/** Listener kinds. */
	public enum ListenerKind {

		/** Plain listener, concurrency 4, on all subjects: at least once. */
		PLAIN(PlainListener.class),

		/**
		 * One event at a time across all instances (max pending 1) on {@code chaos.*.k0}:
		 * handled in stream order, so the reorder rule applies to it even before
		 * {@code orderBy} exists.
		 */
		SERIAL(SerialListener.class),

		/**
		 * {@code orderBy} the key token, concurrency 4, failures retried in place:
		 * per-key order.
		 */
		ORDERED(OrderedListener.class),

		/** Batches of up to 20, settled event by event: at least once. */
		BATCH(BatchListener.class);

		private final Class<?> component;

		ListenerKind(Class<?> component) {
			this.component = component;
		}

		public Class<?> component() {
			return this.component;
		}

	}

	/** Publisher kinds. */
	public enum PublisherKind {

		/**
		 * {@code publish}, waiting for the ack, retried with the idempotency key until
		 * acknowledged.
		 */
		SYNC,

		/**
		 * {@code publishAsync} (up to 32 in flight), a failed one retried synchronously
		 * with its key.
		 */
		ASYNC,

		/**
		 * {@code publishAfterCommit} in a transaction: recorded as published once the
		 * transaction committed; a send that fails after the commit reaches the
		 * application's failure handler, which publishes again with the key.
		 */
		AFTER_COMMIT

	}

	private ChaosWorkload() {
	}

	public static List<ListenerKind> listeners(String names) {
		List<ListenerKind> kinds = new ArrayList<>();
		for (String name : names.split(",")) {
			kinds.add(ListenerKind.valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
		}
		return kinds;
	}

	public static List<PublisherKind> publishers(String names) {
		List<PublisherKind> kinds = new ArrayList<>();
		for (String name : names.split(",")) {
			kinds.add(PublisherKind.valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
		}
		return kinds;
	}

	/**
	 * The name of a kind as the history and the command line spell it
	 * ({@code after-commit}).
	 */
	public static String name(Enum<?> kind) {
		return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
