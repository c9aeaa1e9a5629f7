package io.windshift.events.internal;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The starter's one-thread timers (the auto-pinger, the listener supervisor, the publish
 * timer): Spring's {@link ThreadPoolTaskScheduler} with one daemon thread that keeps the
 * exact name it always had (Spring would append a count), and cancelled tasks removed at
 * once. Hot paths call its {@code getScheduledExecutor()} directly.
 */
public final class TimerThreads {

	private TimerThreads() {
	}

	/**
	 * An initialized scheduler with one daemon thread called {@code threadName}; shut it
	 * down with {@link ThreadPoolTaskScheduler#shutdown()} (running tasks are
	 * interrupted, waiting ones cancelled).
	 */
	public static ThreadPoolTaskScheduler single(String threadName) {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler() {

			@Override
			protected String nextThreadName() {
				return threadName;
			}

		};
		scheduler.setBeanName(threadName);
		scheduler.setThreadNamePrefix(threadName);
		scheduler.setPoolSize(1);
		scheduler.setDaemon(true);
		scheduler.setRemoveOnCancelPolicy(true);
		scheduler.initialize();
		return scheduler;
	}

}
