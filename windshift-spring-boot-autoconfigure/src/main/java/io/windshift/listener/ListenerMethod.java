package io.windshift.listener;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;

import com.google.protobuf.Message;

import io.windshift.events.Event;

import org.springframework.util.ReflectionUtils;

/**
 * What a listener method takes (the data or the {@link Event}, of which protobuf type) and how to call it.
 */
final class ListenerMethod {

	private final Object bean;

	private final Method method;

	private final Class<? extends Message> dataType;

	private final boolean takesEvent;

	private ListenerMethod(Object bean, Method method, Class<? extends Message> dataType, boolean takesEvent) {
		this.bean = bean;
		this.method = method;
		this.dataType = dataType;
		this.takesEvent = takesEvent;
		ReflectionUtils.makeAccessible(method);
	}

	/**
	 * Analyses a listener method.
	 * @throws IllegalArgumentException if its parameters do not fit, saying why
	 */
	static ListenerMethod of(Object bean, Method method) {
		if (method.getParameterCount() != 1) {
			throw new IllegalArgumentException("a listener method takes exactly one parameter (a protobuf message, "
					+ "Event<T> or com.google.protobuf.Message), found " + method.getParameterCount());
		}
		Class<?> raw = method.getParameterTypes()[0];
		if (Event.class == raw) {
			return new ListenerMethod(bean, method, eventDataType(method.getGenericParameterTypes()[0]), true);
		}
		return new ListenerMethod(bean, method, messageType(raw, raw.getName()), false);
	}

	private static Class<? extends Message> eventDataType(Type type) {
		if (!(type instanceof ParameterizedType parameterized)) {
			return Message.class;
		}
		Type argument = parameterized.getActualTypeArguments()[0];
		if (argument instanceof WildcardType wildcard) {
			argument = wildcard.getUpperBounds()[0];
		}
		if (argument == Object.class) {
			return Message.class;
		}
		if (!(argument instanceof Class<?> cls)) {
			throw new IllegalArgumentException("Event<" + argument.getTypeName()
					+ "> is not supported: use Event<T> with a generated protobuf message type or Event<Message>");
		}
		return messageType(cls, "Event<" + cls.getName() + ">");
	}

	@SuppressWarnings("unchecked")
	private static Class<? extends Message> messageType(Class<?> type, String description) {
		if (type == Message.class) {
			return Message.class;
		}
		if (!Message.class.isAssignableFrom(type) || type.isInterface()
				|| java.lang.reflect.Modifier.isAbstract(type.getModifiers())) {
			throw new IllegalArgumentException("parameter type " + description
					+ " is not a generated protobuf message, Event<T> or com.google.protobuf.Message");
		}
		return (Class<? extends Message>) type;
	}

	/** The protobuf type the method takes; {@code Message.class} for any. */
	Class<? extends Message> dataType() {
		return this.dataType;
	}

	/** Calls the method with the event or its data, unwrapping what it throws. */
	void invoke(Event<? extends Message> event) throws Throwable {
		Object argument = this.takesEvent ? event : event.data();
		try {
			this.method.invoke(this.bean, argument);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

}
