package io.windshift.benchmarks;

import java.util.List;

import io.windshift.benchmarks.proto.Tick;
import io.windshift.events.OutgoingEvent;
import io.windshift.listener.WindshiftListener;

/**
 * The starter's listeners: auto ack, protobuf decode into {@link Tick}. Consumer names
 * carry the context's prefix so that several contexts (tracing on and off) can share one
 * server.
 */
class BenchListeners {

	static final String CONSUME_1 = "consume-1";

	static final String CONSUME_4 = "consume-4";

	static final String LATENCY = "latency";

	static final String KEYED_8 = "keyed-8";

	static final String ORDERED_8 = "ordered-8";

	/** The ordered listener with 4 partitions, concurrency 8 (per partition). */
	static final String PARTITIONED_4 = "partitioned-4";

	/**
	 * The ordered listener with 2 partitions, concurrency 8 (per partition): run by one
	 * instance, or shared by two.
	 */
	static final String PARTITIONED_2 = "partitioned-2";

	static final String MEMORY = "memory";

	static final String BATCH = "batch-100";

	static final String FORWARD = "forward";

	final Drain consume1 = new Drain();

	final Drain consume4 = new Drain();

	final Drain latency = new Drain();

	final Drain memory = new Drain();

	final Drain batch = new Drain();

	final Drain forward = new Drain();

	final Drain keyed8 = new Drain();

	final Drain ordered8 = new Drain();

	final Drain partitioned4 = new Drain();

	final Drain partitioned2 = new Drain();

	@WindshiftListener(id = CONSUME_1, stream = Streams.BACKLOG, consumer = "${bench.prefix}-" + CONSUME_1,
			consumeFrom = "start", maxPendingEvents = "${bench.max-pending}", concurrency = "1", autoStartup = "false")
	void consume1(Tick tick) {
		this.consume1.accept(tick);
	}

	@WindshiftListener(id = CONSUME_4, stream = Streams.BACKLOG, consumer = "${bench.prefix}-" + CONSUME_4,
			consumeFrom = "start", maxPendingEvents = "${bench.max-pending}", concurrency = "4", autoStartup = "false")
	void consume4(Tick tick) {
		this.consume4.accept(tick);
	}

	@WindshiftListener(id = LATENCY, stream = Streams.LATENCY, consumer = "${bench.prefix}-" + LATENCY,
			subjects = "${bench.latency-subject}", consumeFrom = "new", maxPendingEvents = "${bench.max-pending}",
			concurrency = "1", autoStartup = "false")
	void latency(Tick tick) {
		this.latency.accept(tick);
	}

	@WindshiftListener(id = MEMORY, stream = Streams.MEMORY, consumer = "${bench.prefix}-" + MEMORY,
			consumeFrom = "start", maxPendingEvents = "${bench.max-pending}", concurrency = "1", autoStartup = "false")
	void memory(Tick tick) {
		this.memory.accept(tick);
	}

	@WindshiftListener(id = BATCH, stream = Streams.BACKLOG, consumer = "${bench.prefix}-" + BATCH,
			consumeFrom = "start", maxPendingEvents = "${bench.max-pending}", concurrency = "1", maxBatchSize = "100",
			autoStartup = "false")
	void batch(List<Tick> ticks) {
		for (Tick tick : ticks) {
			this.batch.accept(tick);
		}
	}

	@WindshiftListener(id = FORWARD, stream = Streams.BACKLOG, consumer = "${bench.prefix}-" + FORWARD,
			consumeFrom = "start", maxPendingEvents = "${bench.max-pending}", concurrency = "1", autoStartup = "false")
	OutgoingEvent forward(Tick tick) {
		this.forward.accept(tick);
		return OutgoingEvent.of(Streams.FORWARD + ".tick", tick);
	}

	@WindshiftListener(id = KEYED_8, stream = Streams.KEYED, consumer = "${bench.prefix}-" + KEYED_8,
			consumeFrom = "start", maxPendingEvents = "${bench.max-pending}", concurrency = "8", autoStartup = "false")
	void keyed8(Tick tick) {
		this.keyed8.accept(tick);
	}

	@WindshiftListener(id = ORDERED_8, stream = Streams.KEYED, consumer = "${bench.prefix}-" + ORDERED_8,
			consumeFrom = "start", maxPendingEvents = "${bench.max-pending}", concurrency = "8",
			orderBy = "subject-token:2", autoStartup = "false")
	void ordered8(Tick tick) {
		this.ordered8.accept(tick);
	}

	@WindshiftListener(id = PARTITIONED_4, stream = Streams.KEYED, consumer = "${bench.prefix}-" + PARTITIONED_4,
			consumeFrom = "start", maxPendingEvents = "${bench.max-pending}", concurrency = "8",
			orderBy = "subject-token:2", partitions = "4", autoStartup = "false")
	void partitioned4(Tick tick) {
		this.partitioned4.accept(tick);
	}

	@WindshiftListener(id = PARTITIONED_2, stream = Streams.KEYED, consumer = "${bench.prefix}-" + PARTITIONED_2,
			consumeFrom = "start", maxPendingEvents = "${bench.max-pending}", concurrency = "8",
			orderBy = "subject-token:2", partitions = "2", autoStartup = "false")
	void partitioned2(Tick tick) {
		this.partitioned2.accept(tick);
	}

	Drain drain(String listenerId) {
		return switch (listenerId) {
			case CONSUME_1 -> this.consume1;
			case CONSUME_4 -> this.consume4;
			case LATENCY -> this.latency;
			case MEMORY -> this.memory;
			case BATCH -> this.batch;
			case FORWARD -> this.forward;
			case KEYED_8 -> this.keyed8;
			case ORDERED_8 -> this.ordered8;
			case PARTITIONED_4 -> this.partitioned4;
			case PARTITIONED_2 -> this.partitioned2;
			default -> throw new IllegalArgumentException("No benchmark listener '" + listenerId + "'");
		};
	}

}
