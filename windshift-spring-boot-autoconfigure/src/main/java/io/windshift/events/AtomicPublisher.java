package io.windshift.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.nats.client.support.NatsJetStreamConstants;
import io.windshift.events.StreamFeatures.Feature;
import io.windshift.observation.BatchPublishObservation;
import io.windshift.observation.PublishObservations;

import org.springframework.util.Assert;

/**
 * Publishes a list of events as one atomic batch (nats-server 2.12, ADR-50): every event
 * carries {@code Nats-Batch-Id} and {@code Nats-Batch-Sequence}, the last one
 * {@code Nats-Batch-Commit: 1}; the server stages them and stores all of them or none
 * when the last one arrives. Every message is a request, so a refusal of one event is
 * answered at once and names it; consistency checks (expected last ids, idempotency keys,
 * TTLs) run at the commit, whose error is mapped back to the events that can have caused
 * it.
 */
final class AtomicPublisher {

	/** The server's default limit of events in one atomic batch. */
	static final int SERVER_DEFAULT_MAX_BATCH = 1000;

	private static final int WRONG_LAST_SEQUENCE_CONSTANT = 10164;

	private static final int TTL_DISABLED = 10166;

	private static final int CONTAINS_DUPLICATE = 10201;

	private final Connection connection;

	private final OutgoingMessageFactory messages;

	private final StreamFeatures features;

	private final int maxBatchSize;

	private final PublishObservations observations;

	AtomicPublisher(Connection connection, OutgoingMessageFactory messages, StreamFeatures features, int maxBatchSize,
			PublishObservations observations) {
		this.connection = connection;
		this.messages = messages;
		this.features = features;
		this.maxBatchSize = maxBatchSize;
		this.observations = observations;
	}

	/**
	 * Checks the batch and sends it; the future completes with the ids in list order, or
	 * fails with an {@link AtomicBatchException}. Checks that fail throw at once, before
	 * anything is sent. Once sent, the batch is observed (one observation per batch) and
	 * its trace context written into every event.
	 */
	CompletableFuture<List<PublishedEvent>> send(List<OutgoingEvent> events, Duration timeout) {
		String stream = check(events);
		String batchId = UUID.randomUUID().toString().replace("-", "");
		List<Headers> allHeaders = new ArrayList<>(events.size());
		for (int i = 0; i < events.size(); i++) {
			Headers headers = this.messages.headers(events.get(i));
			headers.put(NatsJetStreamConstants.NATS_BATCH_ID_HDR, batchId);
			headers.put(NatsJetStreamConstants.NATS_BATCH_SEQUENCE_HDR, Integer.toString(i + 1));
			if (i == events.size() - 1) {
				headers.put(NatsJetStreamConstants.NATS_BATCH_COMMIT_HDR,
						NatsJetStreamConstants.NATS_BATCH_COMMIT_STORE);
			}
			allHeaders.add(headers);
		}
		BatchPublishObservation observation = this.observations.startBatch(allHeaders, stream);
		List<CompletableFuture<Message>> replies = new ArrayList<>(events.size());
		for (int i = 0; i < events.size(); i++) {
			OutgoingEvent event = events.get(i);
			Message message = NatsMessage.builder()
				.subject(event.subject())
				.headers(allHeaders.get(i))
				.data(this.messages.payload(event))
				.build();
			try {
				replies.add(this.connection.requestWithTimeout(message, timeout));
			}
			catch (RuntimeException ex) {
				replies.add(CompletableFuture.failedFuture(ex));
				break; // nothing after a refused send can complete the batch
			}
		}
		return CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new))
			.handle((ignored, failure) -> observed(observation, stream, events, replies, timeout));
	}

	private List<PublishedEvent> observed(BatchPublishObservation observation, String stream,
			List<OutgoingEvent> events, List<CompletableFuture<Message>> replies, Duration timeout) {
		try {
			List<PublishedEvent> published = outcome(stream, events, replies, timeout);
			observation.published(published.get(0).id(), published.get(published.size() - 1).id());
			return published;
		}
		catch (RuntimeException ex) {
			observation.failed(ex);
			throw ex;
		}
	}

	private List<PublishedEvent> outcome(String stream, List<OutgoingEvent> events,
			List<CompletableFuture<Message>> replies, Duration timeout) {
		int last = events.size() - 1;
		for (int i = 0; i < replies.size(); i++) {
			OutgoingEvent event = events.get(i);
			Message reply;
			try {
				reply = replies.get(i).join();
			}
			catch (RuntimeException ex) {
				WindshiftException cause = PublishErrors.translate(event, ex, timeout);
				throw new AtomicBatchException(
						"Atomic batch of " + events.size() + " events to stream '" + stream + "' failed at event #" + i
								+ " (" + event + "): " + cause.getMessage()
								+ ((cause instanceof PublishTimeoutException) ? "; it may or may not have been stored"
										: "; nothing was stored"),
						(cause instanceof PublishTimeoutException) ? List.of() : List.of(i), cause,
						cause.isRetryable());
			}
			if (i < last && (reply.getData() == null || reply.getData().length == 0)) {
				continue; // staged
			}
			try {
				PublishAck ack = new PublishAck(reply);
				if (i < last) {
					throw new AtomicBatchException("Atomic batch to stream '" + stream
							+ "': unexpected reply to event #" + i + "; nothing was stored", List.of(i), null, false);
				}
				return ids(ack, events.size());
			}
			catch (JetStreamApiException ex) {
				throw refused(stream, events, (i < last) ? i : -1, ex, timeout);
			}
			catch (java.io.IOException ex) {
				throw new AtomicBatchException("Atomic batch to stream '" + stream + "': unreadable reply to event #"
						+ i + " (" + ex.getMessage() + ")", List.of(), ex, false);
			}
		}
		throw new AtomicBatchException("Atomic batch to stream '" + stream + "' was not committed", List.of(), null,
				false);
	}

	private static List<PublishedEvent> ids(PublishAck ack, int count) {
		long first = ack.getSeqno() - count + 1;
		List<PublishedEvent> published = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			published.add(new PublishedEvent(ack.getStream(), first + i, false));
		}
		return published;
	}

	/**
	 * A refusal by the server: at one staged event, or at the commit (index -1), mapped
	 * to its candidates.
	 */
	private static AtomicBatchException refused(String stream, List<OutgoingEvent> events, int index,
			JetStreamApiException ex, Duration timeout) {
		List<Integer> culprits;
		if (index >= 0) {
			culprits = List.of(index);
		}
		else {
			culprits = switch (ex.getApiErrorCode()) {
				case PublishErrors.WRONG_LAST_SEQUENCE, WRONG_LAST_SEQUENCE_CONSTANT ->
					indexes(events, (event) -> event.expectedLastId() >= 0 || event.expectedLastSubjectId() >= 0);
				case CONTAINS_DUPLICATE -> indexes(events, (event) -> event.idempotencyKey() != null);
				case TTL_DISABLED -> indexes(events, (event) -> event.ttl() != null);
				default -> List.of();
			};
		}
		WindshiftException cause = (culprits.size() == 1)
				? PublishErrors.translate(events.get(culprits.get(0)), ex, timeout) : null;
		String which = culprits.isEmpty() ? ""
				: (culprits.size() == 1) ? " by event #" + culprits.get(0) + " (" + events.get(culprits.get(0)) + ")"
						: " by one of events " + culprits;
		String reason = (ex.getApiErrorCode() == CONTAINS_DUPLICATE)
				? "an idempotency key was already stored within the deduplication window" : ex.getErrorDescription();
		return new AtomicBatchException(
				"Atomic batch of " + events.size() + " events to stream '" + stream + "' refused" + which + ": "
						+ reason + " (JetStream error " + ex.getApiErrorCode() + "); nothing was stored",
				culprits, (cause != null) ? cause : ex, false);
	}

	private static List<Integer> indexes(List<OutgoingEvent> events, Predicate<OutgoingEvent> candidate) {
		return IntStream.range(0, events.size()).filter((i) -> candidate.test(events.get(i))).boxed().toList();
	}

	/**
	 * Whether these events can go as one atomic batch: within the limit, none delayed,
	 * one stream that allows atomic batches on a server that has them. Asks no more than
	 * the checks before a send; never throws.
	 */
	boolean fits(List<OutgoingEvent> events) {
		if (events.size() > this.maxBatchSize || events.stream().anyMatch(OutgoingEvent::isDelayed)) {
			return false;
		}
		try {
			check(events);
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/** Checks what can be checked before sending; returns the stream name. */
	private String check(List<OutgoingEvent> events) {
		Assert.notNull(events, "events must not be null");
		Assert.noNullElements(events, "events must not contain null");
		Assert.isTrue(!events.isEmpty(), "events must not be empty");
		if (events.size() > this.maxBatchSize) {
			throw new AtomicBatchException("An atomic batch holds at most " + this.maxBatchSize
					+ " events (the server's batch limit), got " + events.size() + "; nothing was sent", List.of(),
					null, false);
		}
		Map<String, Integer> keys = new HashMap<>();
		Map<String, List<Integer>> streams = new HashMap<>();
		Set<String> written = new LinkedHashSet<>();
		for (int i = 0; i < events.size(); i++) {
			OutgoingEvent event = events.get(i);
			if (event.isDelayed()) {
				throw invalid(events, i, "a delayed event cannot be part of an atomic batch; publish it on its own");
			}
			if (event.expectedLastId() >= 0 && i > 0) {
				throw invalid(events, i, "only the first event of an atomic batch can expect a last id of the stream");
			}
			if (event.expectedLastSubjectId() >= 0 && written.contains(event.subject())) {
				throw invalid(events, i, "its subject is written earlier in the batch, so its expected last subject id"
						+ " cannot be checked");
			}
			written.add(event.subject());
			if (event.idempotencyKey() != null) {
				Integer earlier = keys.putIfAbsent(event.idempotencyKey(), i);
				if (earlier != null) {
					throw invalid(events, i, "its idempotency key is also the key of event #" + earlier);
				}
			}
			StreamConfiguration stream = this.features.require(Feature.ATOMIC, event.subject());
			if (event.ttl() != null) {
				this.features.require(Feature.TTL, event.subject());
			}
			streams.computeIfAbsent(stream.getName(), (name) -> new ArrayList<>()).add(i);
		}
		if (streams.size() > 1) {
			throw new AtomicBatchException("An atomic batch goes to one stream, but its events go to " + streams
					+ " (stream: event positions); nothing was sent", List.of(), null, false);
		}
		return streams.keySet().iterator().next();
	}

	private static AtomicBatchException invalid(List<OutgoingEvent> events, int index, String why) {
		return new AtomicBatchException(
				"Invalid atomic batch: event #" + index + " (" + events.get(index) + "): " + why + "; nothing was sent",
				List.of(index), null, false);
	}

}
