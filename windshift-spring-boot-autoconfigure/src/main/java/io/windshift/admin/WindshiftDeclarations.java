package io.windshift.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.windshift.consumers.ConsumerDefinition;
import io.windshift.events.WindshiftException;
import io.windshift.events.WindshiftLifecycle;
import io.windshift.events.WindshiftPhases;
import io.windshift.streams.StreamDefinition;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * Applies every declared stream and consumer when the application context starts, before
 * any listener container: every {@link StreamDefinition} and {@link ConsumerDefinition}
 * bean plus the ones given (from {@code windshift.streams.*} and
 * {@code windshift.consumers.*}). Streams come first, each after the declared streams it
 * copies from, then the durable consumers. A failure fails the startup with a message
 * naming the stream, the consumer, the field and where it was declared.
 */
public class WindshiftDeclarations extends WindshiftLifecycle {

	/**
	 * The lifecycle phase in which declarations are applied:
	 * {@link WindshiftPhases#DECLARATIONS}. Listener containers start in a higher one
	 * ({@link WindshiftPhases#LISTENERS}) so that their streams and consumers exist when
	 * they start.
	 */
	public static final int PHASE = WindshiftPhases.DECLARATIONS;

	/**
	 * How long declarations are retried by default while JetStream does not answer: 30
	 * seconds.
	 */
	public static final Duration DEFAULT_RETRY_TIMEOUT = Duration.ofSeconds(30);

	private static final Log logger = LogFactory.getLog(WindshiftDeclarations.class);

	private final WindshiftAdmin admin;

	private final @Nullable ListableBeanFactory beanFactory;

	private final Map<String, StreamDefinition> streams;

	private final Map<String, ConsumerDefinition> consumers;

	private Duration retryTimeout = DEFAULT_RETRY_TIMEOUT;

	/**
	 * Declarations of the given streams and consumers, plus every definition bean of the
	 * bean factory.
	 * @param admin the admin that applies them
	 * @param beanFactory where to find definition beans, or {@code null} for none
	 * @param streams further streams, keyed by where they are declared (e.g. a property
	 * name)
	 * @param consumers further consumers, keyed by where they are declared
	 */
	public WindshiftDeclarations(WindshiftAdmin admin, @Nullable ListableBeanFactory beanFactory,
			Map<String, StreamDefinition> streams, Map<String, ConsumerDefinition> consumers) {
		super(PHASE);
		this.admin = admin;
		this.beanFactory = beanFactory;
		this.streams = new LinkedHashMap<>(streams);
		this.consumers = new LinkedHashMap<>(consumers);
	}

	/**
	 * How long to keep retrying while JetStream does not answer (a cluster still electing
	 * its leader, say); zero to fail at once. Refusals are never retried.
	 * @param retryTimeout the time to keep retrying
	 */
	public void setRetryTimeout(Duration retryTimeout) {
		this.retryTimeout = retryTimeout;
	}

	@Override
	public void start() {
		declare();
		setRunning(true);
	}

	/**
	 * Ensures every declared stream, then every declared durable consumer.
	 * @throws DeclarationException naming the stream or consumer at fault and where it
	 * was declared
	 * @throws IllegalStateException if a stream or consumer is declared twice or streams
	 * copy in a cycle
	 */
	public void declare() {
		Map<String, Declared<StreamDefinition>> streams = collectStreams();
		for (Declared<StreamDefinition> stream : ordered(streams)) {
			try {
				retrying(() -> this.admin.ensureStream(stream.definition()));
			}
			catch (DeclarationException ex) {
				throw withOrigin(ex, stream.origin());
			}
		}
		for (Declared<ConsumerDefinition> consumer : collectConsumers()) {
			try {
				retrying(() -> this.admin.ensureConsumer(consumer.definition()));
			}
			catch (DeclarationException ex) {
				throw withOrigin(ex, consumer.origin());
			}
		}
	}

	private void retrying(Supplier<?> action) {
		if (this.retryTimeout.isZero() || this.retryTimeout.isNegative()) {
			action.get();
			return;
		}
		RetryPolicy policy = RetryPolicy.builder()
			.predicate((ex) -> ex instanceof WindshiftException windshift && windshift.isRetryable())
			.maxRetries(Long.MAX_VALUE)
			.timeout(this.retryTimeout)
			.delay(Duration.ofMillis(100))
			.multiplier(2)
			.maxDelay(Duration.ofSeconds(2))
			.build();
		try {
			new RetryTemplate(policy).execute(action::get);
		}
		catch (RetryException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	private static DeclarationException withOrigin(DeclarationException ex, String origin) {
		String message = ex.getMessage() + " [declared by " + origin + "]";
		if (ex instanceof DestructiveChangeException destructive) {
			return new DestructiveChangeException(message, destructive.getChanges(), ex);
		}
		if (ex instanceof SubjectConflictException conflict) {
			return new SubjectConflictException(message, conflict.getStream(), conflict.getOtherStream(), ex);
		}
		return new DeclarationException(message, ex, ex.isRetryable());
	}

	private Map<String, Declared<StreamDefinition>> collectStreams() {
		Map<String, Declared<StreamDefinition>> result = new LinkedHashMap<>();
		Map<String, StreamDefinition> all = new LinkedHashMap<>();
		if (this.beanFactory != null) {
			this.beanFactory.getBeansOfType(StreamDefinition.class)
				.forEach((name, definition) -> all.put("bean '" + name + "'", definition));
		}
		all.putAll(this.streams);
		all.forEach((origin, definition) -> {
			Declared<StreamDefinition> previous = result.putIfAbsent(definition.name(),
					new Declared<>(definition, origin));
			if (previous != null) {
				throw new IllegalStateException("Stream '" + definition.name() + "' is declared twice: by "
						+ previous.origin() + " and by " + origin + ". Declare each stream once");
			}
		});
		return result;
	}

	private List<Declared<ConsumerDefinition>> collectConsumers() {
		Map<String, ConsumerDefinition> all = new LinkedHashMap<>();
		if (this.beanFactory != null) {
			this.beanFactory.getBeansOfType(ConsumerDefinition.class)
				.forEach((name, definition) -> all.put("bean '" + name + "'", definition));
		}
		all.putAll(this.consumers);
		Map<String, Declared<ConsumerDefinition>> result = new LinkedHashMap<>();
		all.forEach((origin, definition) -> {
			if (!definition.isDurable()) {
				logger.debug("Skipping the ephemeral consumer of stream '" + definition.stream() + "' declared by "
						+ origin + ": ephemeral consumers are created by their listeners");
				return;
			}
			String key = definition.stream() + "/" + definition.name().orElseThrow();
			Declared<ConsumerDefinition> previous = result.putIfAbsent(key, new Declared<>(definition, origin));
			if (previous != null) {
				throw new IllegalStateException("Consumer '" + definition.name().orElseThrow() + "' of stream '"
						+ definition.stream() + "' is declared twice: by " + previous.origin() + " and by " + origin
						+ ". Declare each consumer once");
			}
		});
		return new ArrayList<>(result.values());
	}

	/**
	 * The streams in an order where every declared origin of a stream comes before it.
	 */
	static List<Declared<StreamDefinition>> ordered(Map<String, Declared<StreamDefinition>> streams) {
		List<Declared<StreamDefinition>> result = new ArrayList<>();
		Set<String> done = new LinkedHashSet<>();
		Set<String> visiting = new LinkedHashSet<>();
		for (String name : streams.keySet()) {
			visit(name, streams, done, visiting, result);
		}
		return result;
	}

	private static void visit(String name, Map<String, Declared<StreamDefinition>> streams, Set<String> done,
			Set<String> visiting, List<Declared<StreamDefinition>> result) {
		Declared<StreamDefinition> stream = streams.get(name);
		if (stream == null || done.contains(name)) {
			return;
		}
		if (!visiting.add(name)) {
			throw new IllegalStateException("Streams " + visiting + " copy from each other in a cycle: "
					+ "a stream cannot be, even indirectly, a source of itself");
		}
		for (String origin : stream.definition().origins()) {
			visit(origin, streams, done, visiting, result);
		}
		visiting.remove(name);
		done.add(name);
		result.add(stream);
	}

	/** A definition and where it was declared. */
	record Declared<T>(T definition, String origin) {
	}

}
