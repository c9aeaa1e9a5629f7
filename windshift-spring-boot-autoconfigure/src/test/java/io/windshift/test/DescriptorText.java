package io.windshift.test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;

/**
 * Renders Actuator endpoint descriptors as text by walking their getters, maps and
 * collections, so that tests can search everything an endpoint would show (for secrets,
 * say) without a JSON mapper.
 */
public final class DescriptorText {

	private DescriptorText() {
	}

	public static String of(Object value) {
		StringBuilder out = new StringBuilder();
		dump(value, out, 0);
		return out.toString();
	}

	private static void dump(Object value, StringBuilder out, int depth) {
		if (depth > 20 || value == null) {
			out.append("null");
		}
		else if (value instanceof Map<?, ?> map) {
			out.append('{');
			map.forEach((key, item) -> {
				out.append(key).append('=');
				dump(item, out, depth + 1);
				out.append(", ");
			});
			out.append('}');
		}
		else if (value instanceof Collection<?> items) {
			out.append('[');
			items.forEach((item) -> {
				dump(item, out, depth + 1);
				out.append(", ");
			});
			out.append(']');
		}
		else if (value instanceof CharSequence || value instanceof Number || value instanceof Boolean
				|| value instanceof Enum<?> || value.getClass().isArray() || value instanceof Path
				|| value.getClass().getName().startsWith("java.")) {
			out.append(value);
		}
		else {
			out.append(value.getClass().getSimpleName()).append('(');
			for (Method method : value.getClass().getMethods()) {
				if (method.getParameterCount() == 0 && !Modifier.isStatic(method.getModifiers())
						&& method.getDeclaringClass() != Object.class
						&& (method.getName().startsWith("get") || method.getName().startsWith("is"))) {
					try {
						out.append(method.getName()).append('=');
						dump(method.invoke(value), out, depth + 1);
						out.append(", ");
					}
					catch (ReflectiveOperationException | RuntimeException ex) {
						out.append("?, ");
					}
				}
			}
			out.append(')');
		}
	}

}
