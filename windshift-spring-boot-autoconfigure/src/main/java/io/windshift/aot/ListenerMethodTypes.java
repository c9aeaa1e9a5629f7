package io.windshift.aot;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.LinkedHashSet;
import java.util.Set;

import com.google.protobuf.Message;

import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;

/**
 * The generated protobuf message types a listener method takes, wherever they stand in
 * its parameters: {@code T}, {@code Event<T>}, {@code List<T>}, {@code List<Event<T>>}.
 */
final class ListenerMethodTypes {

	private ListenerMethodTypes() {
	}

	static Set<Class<? extends Message>> of(Method method) {
		Set<Class<? extends Message>> types = new LinkedHashSet<>();
		for (int i = 0; i < method.getParameterCount(); i++) {
			collect(ResolvableType.forMethodParameter(new MethodParameter(method, i)), types, 0);
		}
		return types;
	}

	@SuppressWarnings("unchecked")
	private static void collect(ResolvableType type, Set<Class<? extends Message>> types, int depth) {
		if (depth > 4 || type == ResolvableType.NONE) {
			return;
		}
		Class<?> resolved = type.resolve();
		if (resolved != null && Message.class.isAssignableFrom(resolved) && !resolved.isInterface()
				&& !Modifier.isAbstract(resolved.getModifiers())) {
			types.add((Class<? extends Message>) resolved);
		}
		for (ResolvableType generic : type.getGenerics()) {
			collect(generic, types, depth + 1);
		}
	}

}
