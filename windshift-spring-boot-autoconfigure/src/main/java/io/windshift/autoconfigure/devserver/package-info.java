/**
 * The development server: a local {@code nats-server} started when nothing answers, with
 * its auto-configuration.
 */
@NullMarked
package io.windshift.autoconfigure.devserver;

import org.jspecify.annotations.NullMarked;
