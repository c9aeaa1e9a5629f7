package io.windshift.autoconfigure;

import io.nats.client.JetStreamOptions;

/**
 * Customizes the {@link JetStreamOptions} that every Windshift component uses
 * (declarations, publishing, listeners, dead letters, the Actuator endpoint and health),
 * after {@code windshift.nats.jetstream.*} applied.
 */
@FunctionalInterface
public interface JetStreamOptionsCustomizer {

	/**
	 * Customizes the options.
	 * @param builder the builder, with the domain or API prefix from the properties
	 */
	void customize(JetStreamOptions.Builder builder);

}
