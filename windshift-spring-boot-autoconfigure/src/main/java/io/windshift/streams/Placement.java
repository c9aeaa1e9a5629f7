package io.windshift.streams;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Where the servers of a stream are chosen in a super-cluster: a cluster by name, server
 * tags (each server holding the stream has every tag), or both. Immutable. <pre>{@code
 * Placement.cluster("east").tags("ssd")
 * Placement.tagged("ssd", "eu")
 * }</pre>
 */
public final class Placement {

	private final @Nullable String cluster;

	private final List<String> tags;

	private Placement(@Nullable String cluster, List<String> tags) {
		this.cluster = cluster;
		this.tags = List.copyOf(tags);
	}

	/**
	 * Places a stream in the cluster with this name.
	 * @param name the cluster name (the {@code cluster { name: ... }} of its servers)
	 * @return a placement in that cluster
	 * @throws IllegalArgumentException if the name is blank or holds white space
	 */
	public static Placement cluster(String name) {
		return new Placement(requireToken("cluster", name), List.of());
	}

	/**
	 * Places a stream on servers that have all these tags, in any cluster.
	 * @param tags the server tags ({@code server_tags} in the server configuration)
	 * @return a placement by tags
	 */
	public static Placement tagged(String... tags) {
		return new Placement(null, List.of()).tags(tags);
	}

	/**
	 * This placement with more required server tags.
	 * @param tags the server tags
	 * @return a new placement
	 */
	public Placement tags(String... tags) {
		return tags(Arrays.asList(tags));
	}

	/**
	 * This placement with more required server tags.
	 * @param tags the server tags
	 * @return a new placement
	 */
	public Placement tags(Collection<String> tags) {
		LinkedHashSet<String> all = new LinkedHashSet<>(this.tags);
		tags.forEach((tag) -> all.add(requireToken("tag", tag)));
		return new Placement(this.cluster, List.copyOf(all));
	}

	/** The cluster, or {@code null} for any. */
	public @Nullable String cluster() {
		return this.cluster;
	}

	/** The server tags every server holding the stream must have; may be empty. */
	public List<String> tags() {
		return this.tags;
	}

	/** This placement for jnats. */
	public io.nats.client.api.Placement toPlacement() {
		return io.nats.client.api.Placement.builder().cluster(this.cluster).tags(this.tags).build();
	}

	private static String requireToken(String what, @Nullable String value) {
		if (value == null || value.isBlank() || value.chars().anyMatch(Character::isWhitespace)) {
			throw new IllegalArgumentException(
					"Invalid placement " + what + " '" + value + "': must not be blank nor hold white space");
		}
		return value;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (this == other) || (other instanceof Placement that && Objects.equals(this.cluster, that.cluster)
				&& this.tags.equals(that.tags));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.cluster, this.tags);
	}

	@Override
	public String toString() {
		return ((this.cluster != null) ? "cluster " + this.cluster : "any cluster")
				+ (this.tags.isEmpty() ? "" : " tags " + this.tags);
	}

}
