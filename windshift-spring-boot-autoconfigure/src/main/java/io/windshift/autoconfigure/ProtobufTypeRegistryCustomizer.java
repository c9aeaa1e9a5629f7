package io.windshift.autoconfigure;

import io.windshift.events.ProtobufTypeRegistry;

/**
 * Adds types to the auto-configured {@link ProtobufTypeRegistry}, for example generated
 * types of a library outside the application's packages that {@code Event<Message>}
 * listeners should decode.
 */
@FunctionalInterface
public interface ProtobufTypeRegistryCustomizer {

	/**
	 * Customizes the registry, typically with
	 * {@link ProtobufTypeRegistry#register(Class)}.
	 */
	void customize(ProtobufTypeRegistry registry);

}
