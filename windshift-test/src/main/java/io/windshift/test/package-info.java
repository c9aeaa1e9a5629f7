/**
 * Test support: real {@code nats-server} processes on loopback
 * ({@link io.windshift.test.NatsServer}, {@link io.windshift.test.NatsCluster}), a JUnit
 * extension ({@link io.windshift.test.NatsServerExtension}), a Spring test annotation
 * ({@link io.windshift.test.WindshiftNatsServer}) and a recorder to await messages on a
 * subject or stream ({@link io.windshift.test.MessageRecorder}).
 */
@NullMarked
package io.windshift.test;

import org.jspecify.annotations.NullMarked;
