package io.windshift.events;

/**
 * The {@link org.springframework.context.SmartLifecycle} phases of the starter, in one
 * place: streams and consumers are declared first, then listener containers start; on
 * shutdown the order is reversed, so listeners stop before anything they rely on.
 * Components of an application that must run before listeners receive events (a cache
 * warm-up, say) take a phase below {@link #LISTENERS}.
 */
public final class WindshiftPhases {

	/** Streams and consumers are declared: {@code Integer.MAX_VALUE - 200}. */
	public static final int DECLARATIONS = Integer.MAX_VALUE - 200;

	/** Listener containers start, after the declarations, and stop early in shutdown. */
	public static final int LISTENERS = DECLARATIONS + 100;

	private WindshiftPhases() {
	}

}
