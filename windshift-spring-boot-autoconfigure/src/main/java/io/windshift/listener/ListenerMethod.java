package io.windshift.listener;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.Message;
import org.jspecify.annotations.Nullable;

import io.windshift.events.Event;
import io.windshift.events.OutgoingEvent;

import org.springframework.util.ReflectionUtils;

/**
 * What a listener method takes (the data or the {@link Event}, of which protobuf type,
 * one at a time or a {@code List} of them), what it returns (nothing, or
 * {@link OutgoingEvent}s to forward) and how to call it.
 */
final class ListenerMethod {

	private final Object bean;

	private final Method method;

	private final Class<? extends Message> dataType;

	private final boolean takesEvent;

	private final boolean batch;

	private final boolean forwards;

	private ListenerMethod(Object bean, Method method, Class<? extends Message> dataType, boolean takesEvent,
			boolean batch) {
		this.bean = bean;
		this.method = method;
		this.dataType = dataType;
		this.takesEvent = takesEvent;
		this.batch = batch;
		this.forwards = forwards(method, batch);
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
		Type generic = method.getGenericParameterTypes()[0];
		if (Event.class == raw) {
			return new ListenerMethod(bean, method, eventDataType(generic), true, false);
		}
		if (List.class == raw) {
			return batch(bean, method, generic);
		}
		return new ListenerMethod(bean, method, messageType(raw, raw.getName()), false, false);
	}

	private static ListenerMethod batch(Object bean, Method method, Type generic) {
		Type element = (generic instanceof ParameterizedType parameterized) ? parameterized.getActualTypeArguments()[0]
				: Object.class;
		if (element instanceof WildcardType wildcard) {
			element = wildcard.getUpperBounds()[0];
		}
		if (element instanceof ParameterizedType parameterized && parameterized.getRawType() == Event.class) {
			return new ListenerMethod(bean, method, eventDataType(element), true, true);
		}
		if (element == Event.class) {
			return new ListenerMethod(bean, method, Message.class, true, true);
		}
		if (!(element instanceof Class<?> cls) || element == Object.class) {
			throw new IllegalArgumentException("List<" + element.getTypeName() + "> is not supported: a batch "
					+ "listener takes List<T> or List<Event<T>> of a generated protobuf message type or Message");
		}
		return new ListenerMethod(bean, method, messageType(cls, "List<" + cls.getName() + ">"), false, true);
	}

	private static boolean forwards(Method method, boolean batch) {
		Class<?> returned = method.getReturnType();
		if (returned == void.class || returned == Void.class) {
			return false;
		}
		if (!batch && returned == OutgoingEvent.class) {
			return true;
		}
		if (batch && List.class.isAssignableFrom(returned)
				&& method.getGenericReturnType() instanceof ParameterizedType parameterized
				&& parameterized.getActualTypeArguments()[0] == OutgoingEvent.class) {
			return true;
		}
		throw new IllegalArgumentException("a listener method returns void or the events to forward ("
				+ (batch ? "List<OutgoingEvent> for a batch listener" : "OutgoingEvent") + "), found "
				+ method.getGenericReturnType().getTypeName());
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

	/**
	 * Whether the method takes {@link Event}s (and so can settle them) rather than their
	 * data.
	 */
	boolean takesEvent() {
		return this.takesEvent;
	}

	/** Whether the method takes a {@code List} of events (a batch listener). */
	boolean batch() {
		return this.batch;
	}

	/**
	 * Whether the method returns events to forward ({@code OutgoingEvent},
	 * {@code List<OutgoingEvent>}).
	 */
	boolean forwards() {
		return this.forwards;
	}

	/**
	 * Calls the method with the event or its data, unwrapping what it throws; returns
	 * what it returns.
	 */
	@Nullable Object invoke(Event<? extends Message> event) throws Throwable {
		return call(this.takesEvent ? event : event.data());
	}

	/**
	 * Calls a batch listener with the events or their data, in order; returns what it
	 * returns.
	 */
	@Nullable Object invokeBatch(List<? extends Event<? extends Message>> events) throws Throwable {
		if (this.takesEvent) {
			return call(List.copyOf(events));
		}
		List<Message> data = new ArrayList<>(events.size());
		for (Event<? extends Message> event : events) {
			data.add(event.data());
		}
		return call(java.util.Collections.unmodifiableList(data));
	}

	private @Nullable Object call(Object argument) throws Throwable {
		try {
			return this.method.invoke(this.bean, argument);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

}
