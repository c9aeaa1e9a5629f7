package io.windshift.autoconfigure;

import io.nats.client.Options;

/**
 * Callback to adjust the jnats {@link Options.Builder} of the auto-configured connection.
 * Customizers run in {@link org.springframework.core.Ordered order} after every
 * {@code windshift.nats.*} setting has been applied, so they have the last word.
 */
@FunctionalInterface
public interface NatsOptionsBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder, already configured from the connection details and
	 * properties
	 */
	void customize(Options.Builder builder);

}
