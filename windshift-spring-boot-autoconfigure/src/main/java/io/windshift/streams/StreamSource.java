package io.windshift.streams;

import java.time.ZoneOffset;
import java.util.Objects;

import io.nats.client.api.Mirror;
import io.nats.client.api.Source;
import io.nats.client.api.SourceBase;

import org.jspecify.annotations.Nullable;

/**
 * Another stream whose events a stream copies: one of the sources of an aggregate stream
 * or the origin of a mirror. Immutable: {@link #from(StreamPointer)} and
 * {@link #filterSubject(String)} return copies. By default every event is copied, from
 * the start.
 * <pre>{@code StreamSource.of("other-stream").from(StreamPointer.atStart()).filterSubject("other.x.>")}</pre>
 */
public final class StreamSource {

	private final String stream;

	private final StreamPointer from;

	private final @Nullable String filterSubject;

	private StreamSource(String stream, StreamPointer from, @Nullable String filterSubject) {
		this.stream = stream;
		this.from = from;
		this.filterSubject = filterSubject;
	}

	/**
	 * The stream with the given name, copied from its start.
	 * @param stream the name of the stream to copy from
	 * @return the source
	 * @throws IllegalArgumentException if the name breaks {@link NamingRules#NAME_RULE}
	 */
	public static StreamSource of(String stream) {
		return new StreamSource(NamingRules.requireValidName("source stream name", stream), StreamPointer.atStart(),
				null);
	}

	/**
	 * Copy from the given position: {@link StreamPointer#atStart()},
	 * {@link StreamPointer#atId(long)} or
	 * {@link StreamPointer#atTime(java.time.Instant)}.
	 * @param pointer the first event to copy
	 * @return a copy of this source starting there
	 * @throws IllegalArgumentException for {@code new} and {@code end}, which a source
	 * does not support
	 */
	public StreamSource from(StreamPointer pointer) {
		Objects.requireNonNull(pointer, "pointer must not be null");
		if (pointer.kind() == StreamPointer.Kind.NEW || pointer.kind() == StreamPointer.Kind.END) {
			throw new IllegalArgumentException("Invalid start pointer '" + pointer + "' for source stream '"
					+ this.stream + "': a source starts at 'start', 'id:<n>' or 'time:<instant>'");
		}
		return new StreamSource(this.stream, pointer, this.filterSubject);
	}

	/**
	 * Copy only events whose subject matches the given filter.
	 * @param filterSubject the filter (wildcards allowed)
	 * @return a copy of this source with the filter
	 * @throws IllegalArgumentException if the filter breaks
	 * {@link NamingRules#SUBJECT_RULE}
	 */
	public StreamSource filterSubject(@Nullable String filterSubject) {
		if (filterSubject != null) {
			NamingRules.requireValidSubject("filter subject", filterSubject, "source stream '" + this.stream + "'");
		}
		return new StreamSource(this.stream, this.from, filterSubject);
	}

	/** The name of the stream copied from. */
	public String stream() {
		return this.stream;
	}

	/** Where copying starts. */
	public StreamPointer from() {
		return this.from;
	}

	/** The subject filter, or {@code null} for every event. */
	public @Nullable String filterSubject() {
		return this.filterSubject;
	}

	/** This source as a jnats {@link Source} of an aggregate stream. */
	public Source toSource() {
		return configure(Source.builder()).build();
	}

	/** This source as the jnats {@link Mirror} origin of a mirror stream. */
	public Mirror toMirror() {
		return configure(Mirror.builder()).build();
	}

	private <B extends SourceBase.SourceBaseBuilder<B>> B configure(B builder) {
		builder.sourceName(this.stream);
		if (this.from.kind() == StreamPointer.Kind.ID) {
			builder.startSeq(this.from.id());
		}
		else if (this.from.kind() == StreamPointer.Kind.TIME) {
			builder.startTime(Objects.requireNonNull(this.from.time()).atZone(ZoneOffset.UTC));
		}
		if (this.filterSubject != null) {
			builder.filterSubject(this.filterSubject);
		}
		return builder;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (this == other) || (other instanceof StreamSource that && this.stream.equals(that.stream)
				&& this.from.equals(that.from) && Objects.equals(this.filterSubject, that.filterSubject));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.stream, this.from, this.filterSubject);
	}

	@Override
	public String toString() {
		return this.stream + " from " + this.from
				+ ((this.filterSubject != null) ? " filter " + this.filterSubject : "");
	}

}
