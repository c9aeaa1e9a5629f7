package org.springframework.boot.testcontainers.service.connection;

import java.util.List;
import java.util.function.Supplier;

import org.testcontainers.containers.Container;

import org.springframework.boot.origin.Origin;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;

/**
 * Test access to {@link ContainerConnectionSource}, whose constructor is package-private:
 * lets a {@link ContainerConnectionDetailsFactory} be tested without a Docker engine.
 */
public final class TestContainerConnectionSources {

	private TestContainerConnectionSources() {
	}

	/**
	 * A source as {@code @ServiceConnection} on a container field with the given image
	 * would give.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public static <C extends Container<?>> ContainerConnectionSource<C> of(Class<?> containerType, String imageName,
			Supplier<C> container) {
		MergedAnnotation<ServiceConnection> annotation = MergedAnnotation.of(ServiceConnection.class);
		MergedAnnotations none = MergedAnnotations.of(List.of());
		return new ContainerConnectionSource("test", Origin.from(containerType), (Class) containerType, imageName,
				annotation, container, SslBundleSource.get(none), none);
	}

}
