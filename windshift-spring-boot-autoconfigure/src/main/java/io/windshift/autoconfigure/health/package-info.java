/**
 * Health indicators of the NATS connection and the listeners, with their
 * auto-configuration.
 */
@NullMarked
package io.windshift.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
