/**
 * Benchmarks of the starter against the raw jnats client on the same nats-server:
 * publish, consume, latency, tracing and memory, run by
 * {@link io.windshift.benchmarks.WindshiftBenchmarks}.
 */
@NullMarked
package io.windshift.benchmarks;

import org.jspecify.annotations.NullMarked;
