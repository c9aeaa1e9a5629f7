/**
 * Delay schedules for retries and redeliveries, as composable Spring
 * {@link org.springframework.util.backoff.BackOff}s.
 */
@NullMarked
package io.windshift.delays;

import org.jspecify.annotations.NullMarked;
