/**
 * Stream declarations: {@link io.windshift.streams.StreamDefinition}, its sources,
 * pointers into a stream and the naming rules shared with the Go original.
 */
@NullMarked
package io.windshift.streams;

import org.jspecify.annotations.NullMarked;
