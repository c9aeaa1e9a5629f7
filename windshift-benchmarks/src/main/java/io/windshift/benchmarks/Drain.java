package io.windshift.benchmarks;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.windshift.benchmarks.proto.Tick;

/**
 * Counts the events a consumer handled in one round and, for latency rounds, records
 * publish-to-handler times by sequence. Written from any number of handler threads; read
 * after {@link #await} returned.
 */
final class Drain {

	private volatile CountDownLatch latch = new CountDownLatch(0);

	private volatile long[] latencies = new long[0];

	private final LongAdder handled = new LongAdder();

	/**
	 * Prepares a round of {@code count} events; latencies are recorded when asked for.
	 */
	void expect(int count, boolean recordLatencies) {
		this.latencies = recordLatencies ? new long[count] : new long[0];
		this.handled.reset();
		this.latch = new CountDownLatch(count);
	}

	/**
	 * Prepares a round of {@code count} events handled between several drains (the
	 * instances of one listener): {@link #await} on any of them waits for all.
	 */
	static void expectTogether(int count, Drain... drains) {
		CountDownLatch shared = new CountDownLatch(count);
		for (Drain drain : drains) {
			drain.latencies = new long[0];
			drain.handled.reset();
			drain.latch = shared;
		}
	}

	void accept(Tick tick) {
		long[] samples = this.latencies;
		int index = (int) tick.getSeq();
		if (index >= 0 && index < samples.length) {
			samples[index] = System.nanoTime() - tick.getSentNanos();
		}
		this.handled.increment();
		this.latch.countDown();
	}

	/** The events handled since the round was prepared. */
	long handled() {
		return this.handled.sum();
	}

	/** Waits until every expected event was handled. */
	void await(Duration timeout, String what) throws InterruptedException {
		if (!this.latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException(
					what + ": " + this.latch.getCount() + " events not handled within " + timeout);
		}
	}

	/**
	 * Waits until every expected event was handled or the time is up; the number handled.
	 */
	long awaitUpTo(Duration timeout, long expected) throws InterruptedException {
		CountDownLatch current = this.latch;
		current.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
		return expected - current.getCount();
	}

	/** The latencies of the last round, in nanoseconds, by sequence. */
	long[] latencies() {
		return this.latencies;
	}

}
