package io.windshift.events;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The permission violations a NATS server reported on one connection
 * ({@code -ERR 'Permissions Violation for
 * Publish to "x"'}). The server reports them only to the connection's
 * {@code ErrorListener}, never to the publish or request that caused them: feed that
 * listener's {@code errorOccurred} text to {@link #record}, and publishers and listeners
 * can tell a denied subject from a timeout. Keeps only the most recent violations
 * (bounded); thread-safe.
 */
public final class PermissionViolations {

	/** How many recent violations are kept by default. */
	public static final int DEFAULT_CAPACITY = 64;

	private static final Pattern VIOLATION = Pattern.compile(
			"Permissions Violation for (Publish|Subscription) (to|with Reply of) \"([^\"]+)\"",
			Pattern.CASE_INSENSITIVE);

	private final int capacity;

	private final ArrayDeque<Violation> recent;

	private final Set<Watch> watches = ConcurrentHashMap.newKeySet();

	/**
	 * When the latest violation was recorded ({@link System#nanoTime()}); only valid once
	 * one was.
	 */
	private volatile long latest;

	private volatile boolean any;

	/** Keeps the {@link #DEFAULT_CAPACITY default number} of recent violations. */
	public PermissionViolations() {
		this(DEFAULT_CAPACITY);
	}

	/** Keeps at most {@code capacity} recent violations. */
	public PermissionViolations(int capacity) {
		Assert.isTrue(capacity > 0, () -> "capacity must be positive, got " + capacity);
		this.capacity = capacity;
		this.recent = new ArrayDeque<>(capacity);
	}

	/**
	 * Parses a server error; empty unless it reports a permission violation.
	 */
	public static Optional<Violation> parse(@Nullable String serverError) {
		if (serverError == null) {
			return Optional.empty();
		}
		Matcher matcher = VIOLATION.matcher(serverError);
		if (!matcher.find()) {
			return Optional.empty();
		}
		Kind kind;
		if (matcher.group(1).toLowerCase(Locale.ROOT).startsWith("sub")) {
			kind = Kind.SUBSCRIBE;
		}
		else {
			kind = matcher.group(2).toLowerCase(Locale.ROOT).startsWith("to") ? Kind.PUBLISH : Kind.REPLY;
		}
		String text = serverError.strip();
		if (text.length() > 1 && text.startsWith("'") && text.endsWith("'")) {
			text = text.substring(1, text.length() - 1);
		}
		return Optional.of(new Violation(kind, matcher.group(3), text, System.nanoTime()));
	}

	/**
	 * Records a server error if it reports a permission violation (anything else is
	 * ignored) and tells the {@link #watch watchers} of its subject.
	 * @return the violation, if it was one
	 */
	public Optional<Violation> record(@Nullable String serverError) {
		Optional<Violation> parsed = parse(serverError);
		parsed.ifPresent(this::add);
		return parsed;
	}

	private void add(Violation violation) {
		synchronized (this.recent) {
			if (this.recent.size() == this.capacity) {
				this.recent.removeFirst();
			}
			this.recent.addLast(violation);
			this.latest = violation.nanoTime();
			this.any = true;
		}
		for (Watch watch : this.watches) {
			watch.callback.accept(violation);
		}
	}

	/**
	 * The latest violation on exactly this subject recorded at or after {@code nanoTime}
	 * (a {@link System#nanoTime()} value).
	 */
	public Optional<Violation> since(String subject, long nanoTime) {
		return since((violation) -> violation.subject().equals(subject), nanoTime);
	}

	/** The latest violation that matches, recorded at or after {@code nanoTime}. */
	public Optional<Violation> since(Predicate<Violation> matches, long nanoTime) {
		if (!this.any || this.latest - nanoTime < 0) {
			return Optional.empty(); // the common case, checked on every publish: nothing
										// since
		}
		synchronized (this.recent) {
			Iterator<Violation> newestFirst = this.recent.descendingIterator();
			while (newestFirst.hasNext()) {
				Violation violation = newestFirst.next();
				if (violation.nanoTime() - nanoTime < 0) {
					return Optional.empty();
				}
				if (matches.test(violation)) {
					return Optional.of(violation);
				}
			}
		}
		return Optional.empty();
	}

	/**
	 * Calls {@code callback} (on the thread that records it, so it must be quick) for
	 * every violation on exactly this subject recorded until the returned watch is
	 * closed.
	 */
	public AutoCloseable watch(String subject, Consumer<Violation> callback) {
		return watchAll((violation) -> {
			if (violation.subject().equals(subject)) {
				callback.accept(violation);
			}
		});
	}

	/**
	 * Calls {@code callback} (on the thread that records it, so it must be quick) for
	 * every violation recorded until the returned watch is closed.
	 */
	public AutoCloseable watchAll(Consumer<Violation> callback) {
		Watch watch = new Watch(callback);
		this.watches.add(watch);
		return () -> this.watches.remove(watch);
	}

	/** What was denied. */
	public enum Kind {

		/** Publishing to the subject. */
		PUBLISH,

		/** Publishing with this subject as the reply subject. */
		REPLY,

		/** Subscribing to the subject. */
		SUBSCRIBE

	}

	/**
	 * One violation the server reported.
	 *
	 * @param kind what was denied
	 * @param subject the subject it was denied on
	 * @param serverError the server's text, e.g.
	 * {@code Permissions Violation for Publish to "x"}
	 * @param nanoTime when it was recorded ({@link System#nanoTime()})
	 */
	public record Violation(Kind kind, String subject, String serverError, long nanoTime) {
	}

	private record Watch(Consumer<Violation> callback) {

		@Override
		public boolean equals(@Nullable Object other) {
			return this == other;
		}

		@Override
		public int hashCode() {
			return System.identityHashCode(this);
		}

	}

}
