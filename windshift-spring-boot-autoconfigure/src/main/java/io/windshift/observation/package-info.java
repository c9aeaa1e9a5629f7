/**
 * Micrometer observations of publishing and listening: contexts that carry trace context
 * in event headers, conventions users can replace, and the documented names and
 * attributes.
 */
@NullMarked
package io.windshift.observation;

import org.jspecify.annotations.NullMarked;
