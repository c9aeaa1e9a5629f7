package io.windshift.listener;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Message;
import org.jspecify.annotations.Nullable;

import io.windshift.events.ProtobufTypeRegistry;

/**
 * The methods of one listener and which of them takes an event of a given type: the
 * single method of a listener method, or the {@link WindshiftHandler} methods of a
 * class-level listener (one per protobuf type, plus an optional default for any other
 * type).
 */
final class HandlerMethods {

	private final Map<String, ListenerMethod> byTypeName;

	private final @Nullable ListenerMethod fallback;

	private final List<ListenerMethod> all;

	private HandlerMethods(Map<String, ListenerMethod> byTypeName, @Nullable ListenerMethod fallback,
			List<ListenerMethod> all) {
		this.byTypeName = byTypeName;
		this.fallback = fallback;
		this.all = all;
	}

	/**
	 * The single method of a listener method: it takes every event (mismatched types are
	 * poison events).
	 */
	static HandlerMethods single(ListenerMethod method) {
		return new HandlerMethods(Map.of(), method, List.of(method));
	}

	/**
	 * The handlers of a class-level listener.
	 * @throws IllegalArgumentException naming the methods: no handler, two for one type,
	 * a default that does not take any message, or a parameter that is not a protobuf
	 * type
	 */
	static HandlerMethods of(Object bean, List<Method> handlers, @Nullable Method defaultHandler) {
		if (handlers.isEmpty() && defaultHandler == null) {
			throw new IllegalArgumentException(
					"a class-level @WindshiftListener needs at least one @WindshiftHandler " + "method");
		}
		Map<String, ListenerMethod> byTypeName = new HashMap<>();
		Map<String, Method> declared = new HashMap<>();
		List<ListenerMethod> all = new ArrayList<>();
		for (Method method : handlers) {
			if (method.equals(defaultHandler)) {
				continue;
			}
			ListenerMethod handler = analyse(bean, method);
			if (handler.dataType() == Message.class) {
				throw new IllegalArgumentException("handler " + name(method) + " takes any message: mark it "
						+ "@WindshiftHandler(isDefault = true) or give it a generated protobuf type");
			}
			String typeName = ProtobufTypeRegistry.fullName(handler.dataType());
			Method existing = declared.putIfAbsent(typeName, method);
			if (existing != null) {
				throw new IllegalArgumentException("handlers " + name(existing) + " and " + name(method) + " both take "
						+ typeName + ": one handler per type");
			}
			byTypeName.put(typeName, handler);
			all.add(handler);
		}
		ListenerMethod fallback = null;
		if (defaultHandler != null) {
			fallback = analyse(bean, defaultHandler);
			if (fallback.dataType() != Message.class) {
				throw new IllegalArgumentException("default handler " + name(defaultHandler)
						+ " must take com.google.protobuf.Message or Event<Message>");
			}
			all.add(fallback);
		}
		return new HandlerMethods(Map.copyOf(byTypeName), fallback, List.copyOf(all));
	}

	private static ListenerMethod analyse(Object bean, Method method) {
		try {
			return ListenerMethod.of(bean, method);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("handler " + name(method) + ": " + ex.getMessage(), ex);
		}
	}

	/** {@code 'Type.method'}, for messages. */
	static String name(Method method) {
		return "'" + method.getDeclaringClass().getSimpleName() + "." + method.getName() + "'";
	}

	/**
	 * The method for an event whose {@code WS-Data-Type} is {@code typeName}, or
	 * {@code null} if no method takes it. Without a type name, the default or the single
	 * method (whose decoding then finds the event poison).
	 */
	@Nullable ListenerMethod forType(@Nullable String typeName) {
		if (typeName != null) {
			ListenerMethod handler = this.byTypeName.get(typeName);
			if (handler != null) {
				return handler;
			}
		}
		else if (this.fallback == null) {
			return this.all.get(0);
		}
		return this.fallback;
	}

	/** Every method, for registering their types. */
	List<ListenerMethod> all() {
		return this.all;
	}

}
