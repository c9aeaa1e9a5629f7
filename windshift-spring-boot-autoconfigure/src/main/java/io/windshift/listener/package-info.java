/**
 * Listener methods: {@link io.windshift.listener.WindshiftListener @WindshiftListener},
 * its endpoints, containers, registry, reject policies and dead letters.
 */
@NullMarked
package io.windshift.listener;

import org.jspecify.annotations.NullMarked;
