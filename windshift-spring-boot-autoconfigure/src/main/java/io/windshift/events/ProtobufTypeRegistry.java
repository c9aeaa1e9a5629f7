package io.windshift.events;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import com.google.protobuf.Message;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.AotDetector;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * Maps protobuf full names ({@code WS-Data-Type}) to generated message types, for
 * listeners that take any {@link Message}. The protobuf well-known types are always
 * known; others are registered explicitly (every listener parameter type is) and found by
 * scanning the given packages for generated messages, lazily and once, on the first
 * unknown name.
 */
public class ProtobufTypeRegistry {

	private static final Log logger = LogFactory.getLog(ProtobufTypeRegistry.class);

	/**
	 * Where an AOT-processed application finds the generated message types of its scanned
	 * packages, one class name a line (written at build time by the starter's AOT
	 * processing).
	 */
	public static final String INDEX_LOCATION = "META-INF/windshift/protobuf-types.txt";

	/**
	 * The protobuf well-known types, known to every registry
	 * ({@code google.protobuf.Timestamp}, ...).
	 */
	static final List<Class<? extends Message>> WELL_KNOWN_TYPES = List.of(com.google.protobuf.Any.class,
			com.google.protobuf.Api.class, com.google.protobuf.BoolValue.class, com.google.protobuf.BytesValue.class,
			com.google.protobuf.DoubleValue.class, com.google.protobuf.Duration.class, com.google.protobuf.Empty.class,
			com.google.protobuf.Enum.class, com.google.protobuf.EnumValue.class, com.google.protobuf.Field.class,
			com.google.protobuf.FieldMask.class, com.google.protobuf.FloatValue.class,
			com.google.protobuf.Int32Value.class, com.google.protobuf.Int64Value.class,
			com.google.protobuf.ListValue.class, com.google.protobuf.Method.class, com.google.protobuf.Mixin.class,
			com.google.protobuf.Option.class, com.google.protobuf.SourceContext.class,
			com.google.protobuf.StringValue.class, com.google.protobuf.Struct.class,
			com.google.protobuf.Timestamp.class, com.google.protobuf.Type.class, com.google.protobuf.UInt32Value.class,
			com.google.protobuf.UInt64Value.class, com.google.protobuf.Value.class);

	private final Map<String, Message> prototypes = new ConcurrentHashMap<>();

	private final List<String> scanPackages;

	private final ClassLoader classLoader;

	private volatile boolean scanned;

	/** A registry that scans nothing: only explicitly registered types are known. */
	public ProtobufTypeRegistry() {
		this(List.of(), ClassUtils.getDefaultClassLoader());
	}

	/**
	 * A registry that scans these packages (and their subpackages) for generated message
	 * types.
	 */
	public ProtobufTypeRegistry(List<String> scanPackages, @Nullable ClassLoader classLoader) {
		this.scanPackages = List.copyOf(scanPackages);
		this.classLoader = (classLoader != null) ? classLoader : ProtobufTypeRegistry.class.getClassLoader();
		WELL_KNOWN_TYPES.forEach(this::register);
	}

	/** Registers a generated message type under its full name. */
	public void register(Class<? extends Message> type) {
		Message prototype = defaultInstance(type);
		this.prototypes.putIfAbsent(prototype.getDescriptorForType().getFullName(), prototype);
	}

	/**
	 * The default instance of the type with this full name, scanning once if it is not
	 * known yet.
	 */
	public Optional<Message> find(String fullName) {
		Message prototype = this.prototypes.get(fullName);
		if (prototype == null && !this.scanned) {
			scan();
			prototype = this.prototypes.get(fullName);
		}
		return Optional.ofNullable(prototype);
	}

	/**
	 * The full protobuf name of a generated message type, e.g.
	 * {@code orders.v1.OrderCreated}.
	 */
	public static String fullName(Class<? extends Message> type) {
		return defaultInstance(type).getDescriptorForType().getFullName();
	}

	/** The default instance of a generated message type. */
	public static Message defaultInstance(Class<? extends Message> type) {
		Assert.isTrue(!Modifier.isAbstract(type.getModifiers()),
				() -> type.getName() + " is not a generated protobuf message type");
		try {
			Method method = type.getMethod("getDefaultInstance");
			return (Message) method.invoke(null);
		}
		catch (ReflectiveOperationException | ClassCastException ex) {
			throw new IllegalArgumentException(type.getName() + " is not a generated protobuf message type", ex);
		}
	}

	private synchronized void scan() {
		if (this.scanned) {
			return;
		}
		List<String> typeNames = AotDetector.useGeneratedArtifacts() ? readIndex() : null;
		for (String typeName : (typeNames != null) ? typeNames : scanTypeNames()) {
			registerScanned(typeName);
		}
		this.scanned = true;
	}

	/**
	 * The class names of the generated message types in the scanned packages, found on
	 * the class path. An AOT-processed application reads them from the index written at
	 * build time ({@link #INDEX_LOCATION}) instead.
	 */
	public List<String> scanTypeNames() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {

			@Override
			protected boolean isCandidateComponent(
					org.springframework.beans.factory.annotation.AnnotatedBeanDefinition definition) {
				return definition.getMetadata().isConcrete() && definition.getMetadata().isIndependent();
			}

		};
		scanner.setResourceLoader(new org.springframework.core.io.DefaultResourceLoader(this.classLoader));
		scanner.addIncludeFilter(new AssignableTypeFilter(Message.class));
		Set<String> names = new TreeSet<>();
		for (String scanPackage : this.scanPackages) {
			for (BeanDefinition candidate : scanner.findCandidateComponents(scanPackage)) {
				String className = candidate.getBeanClassName();
				if (className != null) {
					names.add(className);
				}
			}
		}
		return List.copyOf(names);
	}

	private @Nullable List<String> readIndex() {
		ClassPathResource index = new ClassPathResource(INDEX_LOCATION, this.classLoader);
		if (!index.exists()) {
			return null;
		}
		try (InputStream in = index.getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.map(String::trim)
				.filter((line) -> !line.isEmpty())
				.toList();
		}
		catch (IOException ex) {
			logger.warn("Could not read the protobuf type index " + INDEX_LOCATION + "; scanning instead: " + ex);
			return null;
		}
	}

	@SuppressWarnings("unchecked")
	private void registerScanned(String className) {
		try {
			Class<?> type = ClassUtils.forName(className, this.classLoader);
			if (Message.class.isAssignableFrom(type)) {
				register((Class<? extends Message>) type);
			}
		}
		catch (Throwable ex) {
			logger.debug("Skipping " + className + " while scanning for protobuf message types: " + ex);
		}
	}

}
