package io.windshift.benchmarks;

import io.windshift.benchmarks.proto.Tick;
import io.windshift.listener.WindshiftListener;

/**
 * The starter's listeners: auto ack, protobuf decode into {@link Tick}. Consumer names carry the context's
 * prefix so that several contexts (tracing on and off) can share one server.
 */
class BenchListeners {

	static final String CONSUME_1 = "consume-1";

	static final String CONSUME_4 = "consume-4";

	static final String LATENCY = "latency";

	static final String MEMORY = "memory";

	final Drain consume1 = new Drain();

	final Drain consume4 = new Drain();

	final Drain latency = new Drain();

	final Drain memory = new Drain();

	@WindshiftListener(id = CONSUME_1, stream = Streams.BACKLOG, consumer = "${bench.prefix}-" + CONSUME_1,
			consumeFrom = "start", maxPendingEvents = "${bench.max-pending}", concurrency = "1",
			autoStartup = "false")
	void consume1(Tick tick) {
		this.consume1.accept(tick);
	}

	@WindshiftListener(id = CONSUME_4, stream = Streams.BACKLOG, consumer = "${bench.prefix}-" + CONSUME_4,
			consumeFrom = "start", maxPendingEvents = "${bench.max-pending}", concurrency = "4",
			autoStartup = "false")
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
			consumeFrom = "start", maxPendingEvents = "${bench.max-pending}", concurrency = "1",
			autoStartup = "false")
	void memory(Tick tick) {
		this.memory.accept(tick);
	}

	Drain drain(String listenerId) {
		return switch (listenerId) {
			case CONSUME_1 -> this.consume1;
			case CONSUME_4 -> this.consume4;
			case LATENCY -> this.latency;
			case MEMORY -> this.memory;
			default -> throw new IllegalArgumentException("No benchmark listener '" + listenerId + "'");
		};
	}

}
