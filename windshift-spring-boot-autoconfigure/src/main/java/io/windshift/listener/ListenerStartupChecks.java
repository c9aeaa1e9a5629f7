package io.windshift.listener;

import java.util.Collection;
import java.util.List;

import com.google.protobuf.Message;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;

/**
 * Listener set-ups that cannot work, refused at startup with a message naming the
 * listeners at fault: two listener methods taking different types on one durable consumer
 * (each event reaches one of them, which cannot handle the other's types), and filter
 * subjects that the stream does not hold.
 */
final class ListenerStartupChecks {

	private ListenerStartupChecks() {
	}

	/**
	 * Checks that a new endpoint does not share its durable consumer with a registered
	 * one taking another type.
	 * @throws IllegalStateException naming both listeners, the consumer and the types
	 */
	static void checkConsumerSharing(WindshiftListenerEndpoint endpoint,
			Collection<WindshiftListenerEndpoint> registered) {
		String consumer = endpoint.consumer();
		if (consumer == null) {
			return;
		}
		String type = takes(endpoint);
		for (WindshiftListenerEndpoint other : registered) {
			if (!consumer.equals(other.consumer()) || !endpoint.stream().equals(other.stream())) {
				continue;
			}
			String otherType = takes(other);
			if (type != null && otherType != null && !type.equals(otherType)) {
				throw new IllegalStateException("Listeners '" + other.id() + "' (" + other.describe() + ", " + otherType
						+ ") and '" + endpoint.id() + "' (" + endpoint.describe() + ", " + type
						+ ") take different types on one durable consumer '" + consumer + "' of stream '"
						+ endpoint.stream() + "': each event reaches only one of them, which cannot "
						+ "handle the other's type. Use one class-level @WindshiftListener with a @WindshiftHandler "
						+ "method per type, or give each method its own consumer and subjects");
			}
		}
	}

	/**
	 * What an endpoint takes: its method's protobuf type, or all the handlers of a
	 * class-level listener.
	 */
	private static @Nullable String takes(WindshiftListenerEndpoint endpoint) {
		if (!endpoint.handlers().isEmpty()) {
			return "the handlers of class " + AopUtils.getTargetClass(endpoint.bean()).getSimpleName();
		}
		Class<? extends Message> type = dataType(endpoint);
		return (type != null) ? type.getName() : null;
	}

	private static @Nullable Class<? extends Message> dataType(WindshiftListenerEndpoint endpoint) {
		try {
			return ListenerMethod.of(endpoint.bean(), endpoint.method()).dataType();
		}
		catch (RuntimeException ex) {
			return null; // the container factory reports an invalid method
		}
	}

	/**
	 * The filter subjects that none of the stream's subjects hold ({@code orders.*} holds
	 * {@code orders.created} and {@code orders.*}, not {@code orders.>}).
	 * @param filters the consumer's filter subjects
	 * @param streamSubjects the stream's subjects; an empty list (an aggregate or mirror)
	 * holds everything
	 */
	static List<String> notHeld(List<String> filters, List<String> streamSubjects) {
		if (streamSubjects.isEmpty()) {
			return List.of();
		}
		return filters.stream()
			.filter((filter) -> streamSubjects.stream().noneMatch((subject) -> holds(subject, filter)))
			.toList();
	}

	/** Whether every subject matching {@code filter} matches {@code subject}. */
	static boolean holds(String subject, String filter) {
		String[] held = subject.split("\\.", -1);
		String[] wanted = filter.split("\\.", -1);
		for (int i = 0; i < held.length; i++) {
			if (held[i].equals(">")) {
				return i < wanted.length;
			}
			if (i >= wanted.length || wanted[i].equals(">")) {
				return false;
			}
			if (!held[i].equals("*") && (wanted[i].equals("*") || !held[i].equals(wanted[i]))) {
				return false;
			}
		}
		return held.length == wanted.length;
	}

}
