package io.windshift.events;

import org.springframework.context.SmartLifecycle;

/**
 * A {@link SmartLifecycle} component of the starter in one of the
 * {@link WindshiftPhases}: it knows its phase and whether it runs. Subclasses start (and
 * mark themselves running); stopping just marks them stopped unless they override it.
 */
public abstract class WindshiftLifecycle implements SmartLifecycle {

	private final int phase;

	private volatile boolean running;

	/**
	 * @param phase the lifecycle phase, one of {@link WindshiftPhases} or relative to one
	 */
	protected WindshiftLifecycle(int phase) {
		this.phase = phase;
	}

	/** Marks the component running (at the end of a start) or stopped. */
	protected final void setRunning(boolean running) {
		this.running = running;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

}
