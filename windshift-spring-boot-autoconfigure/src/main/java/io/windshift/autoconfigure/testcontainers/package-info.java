/**
 * Testcontainers support: connection details from a NATS container
 * ({@code @ServiceConnection}).
 */
@NullMarked
package io.windshift.autoconfigure.testcontainers;

import org.jspecify.annotations.NullMarked;
