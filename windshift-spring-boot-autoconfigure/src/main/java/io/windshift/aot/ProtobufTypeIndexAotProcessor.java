package io.windshift.aot;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.windshift.events.ProtobufTypeRegistry;

import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Scans the application's packages for generated protobuf messages at build time and
 * writes what it found to {@link ProtobufTypeRegistry#INDEX_LOCATION}, with the hints
 * parsing needs, so that an AOT-processed application reads the index instead of scanning
 * its class path (which a native image does not have).
 */
public class ProtobufTypeIndexAotProcessor implements BeanFactoryInitializationAotProcessor {

	private static final Log logger = LogFactory.getLog(ProtobufTypeIndexAotProcessor.class);

	@Override
	public @Nullable BeanFactoryInitializationAotContribution processAheadOfTime(
			ConfigurableListableBeanFactory beanFactory) {
		String[] names = beanFactory.getBeanNamesForType(ProtobufTypeRegistry.class, true, false);
		if (names.length == 0) {
			return null;
		}
		List<String> typeNames;
		try {
			typeNames = beanFactory.getBean(names[0], ProtobufTypeRegistry.class).scanTypeNames();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not build the protobuf type index at build time; the application scans its "
					+ "packages at runtime instead (which a native image cannot): " + ex);
			return null;
		}
		return (generationContext, code) -> {
			StringBuilder index = new StringBuilder();
			typeNames.forEach((typeName) -> index.append(typeName).append('\n'));
			generationContext.getGeneratedFiles()
				.addResourceFile(ProtobufTypeRegistry.INDEX_LOCATION, index.toString());
			generationContext.getRuntimeHints().resources().registerPattern(ProtobufTypeRegistry.INDEX_LOCATION);
			typeNames.forEach((typeName) -> ProtobufTypeHints.register(generationContext.getRuntimeHints(), typeName));
		};
	}

}
