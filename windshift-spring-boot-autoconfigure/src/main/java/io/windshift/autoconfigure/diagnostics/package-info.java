/**
 * Failure analyzers: the startup failures users meet (no NATS server, a refused
 * declaration, an invalid listener), explained with what to do about them.
 */
@NullMarked
package io.windshift.autoconfigure.diagnostics;

import org.jspecify.annotations.NullMarked;
