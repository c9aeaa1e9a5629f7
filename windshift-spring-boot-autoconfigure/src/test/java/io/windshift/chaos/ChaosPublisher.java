package io.windshift.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.windshift.chaos.ChaosWorkload.PublisherKind;
import io.windshift.events.CallOptions;
import io.windshift.events.OutgoingEvent;
import io.windshift.events.PublishTimeoutException;
import io.windshift.events.PublishedEvent;
import io.windshift.events.WindshiftException;
import io.windshift.events.WindshiftTemplate;
import io.windshift.test.proto.OrderCreated;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes while the run lasts (until the orchestrator creates {@code stop-publishing}
 * in the run's directory), taking turns between the enabled publisher kinds. Every event
 * has a unique idempotency key ({@code <instance>-<pid>-<n>}) and a subject
 * {@code chaos.<kind>.k<n mod 16>}; every attempt is recorded ({@code publish invoke},
 * then {@code ok} with the stream position or {@code fail} with the error), and a failed
 * event is published again with its key until acknowledged (for up to two minutes).
 */
class ChaosPublisher implements SmartLifecycle {

	private static final Duration GIVE_UP = Duration.ofMinutes(2);

	private final WindshiftTemplate template;

	private final History history;

	private final List<PublisherKind> kinds;

	private final Path stopFile;

	private final long pauseNanos;

	private final String prefix;

	private final AtomicLong next = new AtomicLong();

	private final Semaphore inFlight = new Semaphore(32);

	private final ExecutorService retries = Executors.newFixedThreadPool(4);

	private volatile boolean running;

	private Thread loop;

	private final TransactionTemplate transactions;

	ChaosPublisher(WindshiftTemplate template, History history, List<PublisherKind> kinds, Path dir, int perSecond,
			String instance, TransactionTemplate transactions) {
		this.transactions = transactions;
		this.template = template;
		this.history = history;
		this.kinds = kinds;
		this.stopFile = dir.resolve("stop-publishing");
		this.pauseNanos = TimeUnit.SECONDS.toNanos(1) / Math.max(1, perSecond);
		this.prefix = instance + "-" + ProcessHandle.current().pid() + "-";
	}

	@EventListener(ApplicationReadyEvent.class)
	void ready() {
		this.history.record("run", "phase", "ready");
		this.loop = new Thread(this::publishUntilStopped, "chaos-publisher");
		this.loop.start();
	}

	private void publishUntilStopped() {
		long due = System.nanoTime();
		while (this.running && !Files.exists(this.stopFile)) {
			long n = this.next.getAndIncrement();
			PublisherKind kind = this.kinds.get((int) (n % this.kinds.size()));
			String key = this.prefix + n;
			String subject = "chaos." + ChaosWorkload.name(kind) + ".k" + (n % 16);
			switch (kind) {
				case SYNC -> publishUntilAcknowledged(key, subject, "sync");
				case ASYNC -> publishAsync(key, subject);
				case AFTER_COMMIT -> publishAfterCommit(key, subject);
			}
			due += this.pauseNanos;
			long wait = due - System.nanoTime();
			if (wait > 0) {
				pace(wait);
			}
			else {
				due = System.nanoTime(); // behind (a fault): do not burst to catch up
			}
		}
		this.inFlight.acquireUninterruptibly(32);
		this.inFlight.release(32);
		this.history.record("run", "phase", "published", "events", this.next.get());
	}

	private void publishAsync(String key, String subject) {
		this.inFlight.acquireUninterruptibly();
		this.history.record("publish", "phase", "invoke", "key", key, "subject", subject, "mode", "async");
		this.template.publishAsync(event(key, subject), CallOptions.withNoRetry()).whenComplete((published, ex) -> {
			if (ex == null) {
				acknowledged(key, subject, published);
				this.inFlight.release();
			}
			else {
				failed(key, subject, ex);
				this.retries.execute(() -> {
					try {
						publishUntilAcknowledged(key, subject, "async-retry");
					}
					finally {
						this.inFlight.release();
					}
				});
			}
		});
	}

	private void publishAfterCommit(String key, String subject) {
		this.history.record("publish", "phase", "invoke", "key", key, "subject", subject, "mode", "after-commit");
		try {
			this.transactions.executeWithoutResult((status) -> this.template.publishAfterCommit(event(key, subject)));
			// committed: the event is the starter's (and, if its send fails, the failure
			// handler's) to deliver
			this.history.record("publish", "phase", "ok", "key", key, "subject", subject, "mode", "after-commit");
		}
		catch (RuntimeException ex) {
			failed(key, subject, ex);
		}
	}

	/**
	 * The failure handler's part: an event whose send failed after its commit is
	 * published again with its key.
	 */
	void republish(OutgoingEvent event, Throwable failure) {
		String key = java.util.Objects.requireNonNull(event.idempotencyKey(), "chaos events carry a key");
		failed(key, event.subject(), failure);
		this.retries.execute(() -> publishUntilAcknowledged(key, event.subject(), "after-commit-retry"));
	}

	private void publishUntilAcknowledged(String key, String subject, String mode) {
		long giveUp = System.nanoTime() + GIVE_UP.toNanos();
		while (System.nanoTime() < giveUp && this.running) {
			this.history.record("publish", "phase", "invoke", "key", key, "subject", subject, "mode", mode);
			try {
				acknowledged(key, subject, this.template.publish(event(key, subject)));
				return;
			}
			catch (RuntimeException ex) {
				failed(key, subject, ex);
				pace(TimeUnit.MILLISECONDS.toNanos(200));
			}
		}
	}

	private void acknowledged(String key, String subject, PublishedEvent published) {
		this.history.record("publish", "phase", "ok", "key", key, "subject", subject, "seq", published.id(),
				"duplicate", published.duplicate());
	}

	private void failed(String key, String subject, Throwable failure) {
		Throwable ex = (failure.getCause() != null && !(failure instanceof WindshiftException)) ? failure.getCause()
				: failure;
		boolean retryable = ex instanceof WindshiftException windshift && windshift.isRetryable();
		boolean unknown = ex instanceof PublishTimeoutException timeout && timeout.isOutcomeUnknown();
		this.history.record("publish", "phase", "fail", "key", key, "subject", subject, "retryable", retryable,
				"unknown", unknown, "error", ex.getClass().getSimpleName() + ": " + ex.getMessage());
	}

	private static OutgoingEvent event(String key, String subject) {
		return OutgoingEvent.builder(subject, OrderCreated.newBuilder().setOrderId(key).build())
			.idempotencyKey(key)
			.build();
	}

	/** Paces the workload (not a synchronisation). */
	private static void pace(long nanos) {
		try {
			TimeUnit.NANOSECONDS.sleep(nanos);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.retries.shutdownNow();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
