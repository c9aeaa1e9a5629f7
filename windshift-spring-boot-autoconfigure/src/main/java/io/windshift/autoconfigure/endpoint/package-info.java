/**
 * The {@code windshift} actuator endpoint: streams, consumers and listeners, with its
 * auto-configuration.
 */
@NullMarked
package io.windshift.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
