package io.windshift.events;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The daemon threads of a {@link WindshiftTemplate}'s own executor:
 * {@code windshift-publish-<n>}.
 */
final class PublishThreads implements ThreadFactory {

	private final AtomicInteger count = new AtomicInteger();

	@Override
	public Thread newThread(Runnable task) {
		Thread thread = new Thread(task, "windshift-publish-" + this.count.incrementAndGet());
		thread.setDaemon(true);
		return thread;
	}

}
