/**
 * Making the server match the declared streams and consumers:
 * {@link io.windshift.admin.WindshiftAdmin}, the safe diff and the startup
 * reconciliation.
 */
@NullMarked
package io.windshift.admin;

import org.jspecify.annotations.NullMarked;
