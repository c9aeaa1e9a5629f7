package io.windshift.events.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TimerThreads}: Spring's scheduler with the thread the starter's timers
 * always had.
 */
class TimerThreadsTests {

	@Test
	void runsTasksOnOneDaemonThreadOfTheExactName() throws Exception {
		ThreadPoolTaskScheduler timer = TimerThreads.single("windshift-test-timer");
		try {
			ScheduledExecutorService executor = timer.getScheduledExecutor();
			CompletableFuture<Thread> first = new CompletableFuture<>();
			CompletableFuture<Thread> second = new CompletableFuture<>();
			executor.schedule(() -> first.complete(Thread.currentThread()), 1, TimeUnit.MILLISECONDS);
			executor.schedule(() -> second.complete(Thread.currentThread()), 2, TimeUnit.MILLISECONDS);
			Thread thread = first.get(5, TimeUnit.SECONDS);
			assertThat(thread.getName()).isEqualTo("windshift-test-timer");
			assertThat(thread.isDaemon()).isTrue();
			assertThat(second.get(5, TimeUnit.SECONDS)).isSameAs(thread);
		}
		finally {
			timer.shutdown();
		}
	}

	@Test
	void dropsCancelledTasksAtOnceAndStopsOnShutdown() {
		ThreadPoolTaskScheduler timer = TimerThreads.single("windshift-test-timer");
		ScheduledThreadPoolExecutor executor = timer.getScheduledThreadPoolExecutor();
		ScheduledFuture<?> task = executor.schedule(() -> {
		}, 1, TimeUnit.HOURS);
		assertThat(executor.getQueue()).hasSize(1);
		task.cancel(false);
		assertThat(executor.getQueue()).isEmpty();
		ScheduledFuture<?> pending = executor.schedule(() -> {
		}, 1, TimeUnit.HOURS);
		timer.shutdown();
		assertThat(executor.isShutdown()).isTrue();
		assertThat(pending.isCancelled()).isTrue();
	}

}
