/**
 * Publishing and receiving typed events: the template, events, wire headers and the
 * protobuf codec.
 */
@NullMarked
package io.windshift.events;

import org.jspecify.annotations.NullMarked;
