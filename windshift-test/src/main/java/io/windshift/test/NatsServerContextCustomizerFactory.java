package io.windshift.test;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Starts the server of a test class annotated with {@link WindshiftNatsServer} when
 * Spring creates its context.
 */
class NatsServerContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		WindshiftNatsServer annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
				WindshiftNatsServer.class);
		if (annotation == null) {
			return null;
		}
		if (annotation.nodes() < 1) {
			throw new IllegalStateException("@WindshiftNatsServer(nodes = " + annotation.nodes() + ") on "
					+ testClass.getName() + ": nodes must be at least 1");
		}
		return new NatsServerContextCustomizer(annotation.nodes(), annotation.property());
	}

	/**
	 * Equal for equal settings, so that Spring's context cache shares a context (and its
	 * server) between test classes with the same configuration.
	 */
	record NatsServerContextCustomizer(int nodes, String property) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
			String urls;
			AutoCloseable server;
			if (this.nodes == 1) {
				NatsServer single = NatsServer.start();
				beanFactory.registerSingleton("windshiftNatsServer", single);
				urls = single.url();
				server = single;
			}
			else {
				NatsCluster cluster = NatsCluster.start(this.nodes, NatsServerConfig::defaults);
				beanFactory.registerSingleton("windshiftNatsCluster", cluster);
				urls = cluster.urlList();
				server = cluster;
			}
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("windshiftNatsServer", Map.of(this.property, urls)));
			// registered before any other bean, so destroyed after all of them (the
			// connection closes first);
			// a server whose context is never closed ends with the JVM (see
			// ServerProcesses)
			if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
				registry.registerDisposableBean("windshiftNatsServer.stop", server::close);
			}
		}

	}

}
