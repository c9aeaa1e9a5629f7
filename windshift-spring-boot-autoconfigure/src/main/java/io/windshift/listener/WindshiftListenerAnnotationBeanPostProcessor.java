package io.windshift.listener;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.StringUtils;

/**
 * Finds {@link WindshiftListener @WindshiftListener} methods and classes (with their
 * {@link WindshiftHandler @WindshiftHandler} methods; also behind proxies), resolves
 * their attributes ({@code ${...}} placeholders), validates them and registers an
 * endpoint per method or class with the {@link WindshiftListenerEndpointRegistry} once
 * all singletons exist. An invalid method or a duplicate id fails startup, naming the
 * bean and method.
 */
public class WindshiftListenerAnnotationBeanPostProcessor
		implements BeanPostProcessor, BeanFactoryAware, SmartInitializingSingleton {

	private @Nullable ConfigurableBeanFactory beanFactory;

	private final List<WindshiftListenerEndpoint> endpoints = new ArrayList<>();

	private final Map<String, WindshiftListenerEndpoint> ids = new HashMap<>();

	@Override
	public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
		this.beanFactory = (beanFactory instanceof ConfigurableBeanFactory configurable) ? configurable : null;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		Map<Method, WindshiftListener> annotated = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<WindshiftListener>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, WindshiftListener.class));
		annotated.forEach((method, annotation) -> register(bean, beanName, method, annotation));
		Map<Method, WindshiftHandler> handlers = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<WindshiftHandler>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, WindshiftHandler.class));
		WindshiftListener classLevel = AnnotatedElementUtils.findMergedAnnotation(targetClass, WindshiftListener.class);
		if (classLevel != null) {
			registerClass(bean, beanName, targetClass, classLevel, handlers);
		}
		else if (!handlers.isEmpty()) {
			throw new BeanInitializationException("Invalid @WindshiftHandler methods "
					+ handlers.keySet().stream().map(HandlerMethods::name).sorted().toList() + " of bean '" + beanName
					+ "': the class has no class-level @WindshiftListener");
		}
		return bean;
	}

	private void register(Object bean, String beanName, Method method, WindshiftListener annotation) {
		String where = "bean '" + beanName + "' method '" + method.getDeclaringClass().getSimpleName() + "."
				+ method.getName() + "'";
		WindshiftListenerEndpoint endpoint;
		try {
			Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
			ListenerMethod.of(bean, invocable);
			endpoint = endpoint(bean, beanName, invocable, annotation, List.of(), null);
		}
		catch (RuntimeException ex) {
			throw new BeanInitializationException("Invalid @WindshiftListener " + where + ": " + ex.getMessage(), ex);
		}
		add(endpoint, where);
	}

	/**
	 * A class-level listener: one endpoint for all its {@link WindshiftHandler} methods.
	 */
	private void registerClass(Object bean, String beanName, Class<?> targetClass, WindshiftListener annotation,
			Map<Method, WindshiftHandler> annotated) {
		String where = "bean '" + beanName + "' class '" + targetClass.getSimpleName() + "'";
		WindshiftListenerEndpoint endpoint;
		try {
			List<Method> handlers = new ArrayList<>();
			List<Method> defaults = new ArrayList<>();
			annotated.forEach((method, handler) -> {
				Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
				(handler.isDefault() ? defaults : handlers).add(invocable);
			});
			handlers.sort(Comparator.comparing(Method::toGenericString));
			if (defaults.size() > 1) {
				throw new IllegalArgumentException(
						"two default handlers " + defaults.stream().map(HandlerMethods::name).sorted().toList()
								+ ": at most one @WindshiftHandler(isDefault = true)");
			}
			Method defaultHandler = defaults.isEmpty() ? null : defaults.get(0);
			// validates: a handler per type, protobuf parameters, at least one handler
			HandlerMethods.of(bean, handlers, defaultHandler);
			Method first = Objects.requireNonNull(handlers.isEmpty() ? defaultHandler : handlers.get(0),
					"validated: at least one handler");
			endpoint = endpoint(bean, beanName, first, annotation, handlers, defaultHandler);
		}
		catch (RuntimeException ex) {
			throw new BeanInitializationException("Invalid @WindshiftListener " + where + ": " + ex.getMessage(), ex);
		}
		add(endpoint, where);
	}

	private void add(WindshiftListenerEndpoint endpoint, String where) {
		synchronized (this.endpoints) {
			WindshiftListenerEndpoint existing = this.ids.putIfAbsent(endpoint.id(), endpoint);
			if (existing != null) {
				throw new BeanInitializationException("Duplicate @WindshiftListener id '" + endpoint.id() + "' on "
						+ where + " and " + existing.describe());
			}
			this.endpoints.add(endpoint);
		}
	}

	private WindshiftListenerEndpoint endpoint(Object bean, String beanName, Method method,
			WindshiftListener annotation, List<Method> handlers, @Nullable Method defaultHandler) {
		boolean classLevel = !handlers.isEmpty() || defaultHandler != null;
		String stream = resolve(annotation.stream());
		if (stream == null) {
			throw new IllegalArgumentException("stream must not be empty");
		}
		String id = resolve(annotation.id());
		if (id == null) {
			id = uniqueId(classLevel ? beanName : beanName + "#" + method.getName());
		}
		List<String> subjects = Arrays.stream(annotation.subjects())
			.map(this::resolve)
			.filter(StringUtils::hasText)
			.map(String::trim)
			.toList();
		String timeout = resolve(annotation.processingTimeout());
		Duration processingTimeout = (timeout != null) ? parseDuration("processingTimeout", timeout) : null;
		String autoStartup = resolve(annotation.autoStartup());
		String ignoreUnhandled = resolve(annotation.ignoreUnhandledTypes());
		String batchWait = resolve(annotation.maxBatchWait());
		return WindshiftListenerEndpoint.builder(id, beanName, bean, method, stream)
			.consumer(resolve(annotation.consumer()))
			.subjects(subjects)
			.processingTimeout(processingTimeout)
			.consumeFrom(resolve(annotation.consumeFrom()))
			.maxDeliveryAttempts(integer("maxDeliveryAttempts", annotation.maxDeliveryAttempts()))
			.maxPendingEvents(integer("maxPendingEvents", annotation.maxPendingEvents()))
			.concurrency(integer("concurrency", annotation.concurrency()))
			.ackMode(annotation.ackMode())
			.deadLetterSubject(resolve(annotation.deadLetterSubject()))
			.autoStartup((autoStartup != null) ? parseBoolean("autoStartup", autoStartup) : null)
			.rejectPolicy(resolve(annotation.rejectPolicy()))
			.containerFactory(resolve(annotation.containerFactory()))
			.handlers(handlers)
			.defaultHandler(defaultHandler)
			.orderBy(resolve(annotation.orderBy()))
			.partitions(integer("partitions", annotation.partitions()))
			.ignoreUnhandledTypes(ignoreUnhandled != null && parseBoolean("ignoreUnhandledTypes", ignoreUnhandled))
			.maxBatchSize(integer("maxBatchSize", annotation.maxBatchSize()))
			.maxBatchWait((batchWait != null) ? parseDuration("maxBatchWait", batchWait) : null)
			.build();
	}

	private String uniqueId(String base) {
		synchronized (this.endpoints) {
			String id = base;
			for (int i = 1; this.ids.containsKey(id); i++) {
				id = base + "-" + i;
			}
			return id;
		}
	}

	private @Nullable String resolve(String value) {
		String resolved = (this.beanFactory != null) ? this.beanFactory.resolveEmbeddedValue(value) : value;
		return StringUtils.hasText(resolved) ? resolved.trim() : null;
	}

	private @Nullable Integer integer(String attribute, String value) {
		String resolved = resolve(value);
		if (resolved == null) {
			return null;
		}
		try {
			return Integer.valueOf(resolved);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(attribute + " '" + resolved + "' is not a number", ex);
		}
	}

	private static Duration parseDuration(String attribute, String value) {
		try {
			return DurationStyle.detectAndParse(value);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(attribute + " '" + value + "' is not a duration (e.g. 10s, 1m)", ex);
		}
	}

	private static boolean parseBoolean(String attribute, String value) {
		if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
			throw new IllegalArgumentException(attribute + " '" + value + "' is not true or false");
		}
		return Boolean.parseBoolean(value);
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.beanFactory == null) {
			return;
		}
		WindshiftListenerEndpointRegistry registry = this.beanFactory.getBean(WindshiftListenerEndpointRegistry.class);
		List<WindshiftListenerEndpoint> toRegister;
		synchronized (this.endpoints) {
			toRegister = new ArrayList<>(this.endpoints);
			this.endpoints.clear();
		}
		for (WindshiftListenerEndpoint endpoint : toRegister) {
			try {
				registry.registerEndpoint(endpoint);
			}
			catch (RuntimeException ex) {
				throw new BeanInitializationException(Objects.toString(ex.getMessage(), ex.toString()), ex);
			}
		}
	}

}
