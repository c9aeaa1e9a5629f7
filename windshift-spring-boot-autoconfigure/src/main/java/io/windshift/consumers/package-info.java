/**
 * Consumer declarations: {@link io.windshift.consumers.ConsumerDefinition}, durable or
 * ephemeral.
 */
@NullMarked
package io.windshift.consumers;

import org.jspecify.annotations.NullMarked;
