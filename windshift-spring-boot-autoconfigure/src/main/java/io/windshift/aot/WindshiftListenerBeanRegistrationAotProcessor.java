package io.windshift.aot;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.Message;
import org.jspecify.annotations.Nullable;

import io.windshift.listener.WindshiftHandler;
import io.windshift.listener.WindshiftListener;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * Registers, for every bean with listener methods, the hints an AOT-processed or native
 * application needs to call them: each listener method and each {@code @WindshiftHandler}
 * method of a class-level listener for invocation, and each protobuf type it takes (as
 * {@code T}, {@code Event<T>}, {@code List<T>} or {@code List<Event<T>>}) with what
 * parsing needs.
 */
public class WindshiftListenerBeanRegistrationAotProcessor implements BeanRegistrationAotProcessor {

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		Class<?> beanClass = ClassUtils.getUserClass(registeredBean.getBeanClass());
		Set<Method> methods = listenerMethods(beanClass);
		if (methods.isEmpty()) {
			return null;
		}
		return (generationContext, code) -> registerHints(generationContext.getRuntimeHints(), methods);
	}

	static Set<Method> listenerMethods(Class<?> beanClass) {
		boolean classLevel = AnnotatedElementUtils.hasAnnotation(beanClass, WindshiftListener.class);
		Map<Method, Boolean> methods = MethodIntrospector.selectMethods(beanClass,
				(MethodIntrospector.MetadataLookup<Boolean>) (method) -> isListenerMethod(method, classLevel)
						? Boolean.TRUE : null);
		return methods.keySet();
	}

	private static boolean isListenerMethod(Method method, boolean classLevel) {
		return AnnotatedElementUtils.hasAnnotation(method, WindshiftListener.class)
				|| (classLevel && AnnotatedElementUtils.hasAnnotation(method, WindshiftHandler.class));
	}

	private static void registerHints(RuntimeHints hints, Set<Method> methods) {
		for (Method method : methods) {
			hints.reflection().registerMethod(method, ExecutableMode.INVOKE);
			for (Class<? extends Message> type : ListenerMethodTypes.of(method)) {
				ProtobufTypeHints.register(hints, type);
			}
		}
	}

}
