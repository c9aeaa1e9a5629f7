package io.windshift.listener;

/**
 * Which partition an ordering key belongs to, the same in every JVM: the key's
 * {@link String#hashCode()} (specified by the JDK), mixed by the finaliser of MurmurHash3
 * ({@code fmix32}) so that keys differing in their last characters spread over all
 * partitions, then taken modulo the number of partitions (never negative). Changing this
 * function moves keys between partitions, and so breaks their order across a rolling
 * upgrade: it is pinned by a test.
 */
final class KeyPartitions {

	private KeyPartitions() {
	}

	/** The partition of a key, from 0 to {@code partitions - 1}. */
	static int of(String key, int partitions) {
		return Math.floorMod(mix(key.hashCode()), partitions);
	}

	/** MurmurHash3's 32-bit finaliser: every input bit affects every output bit. */
	static int mix(int hash) {
		int h = hash;
		h ^= h >>> 16;
		h *= 0x85ebca6b;
		h ^= h >>> 13;
		h *= 0xc2b2ae35;
		h ^= h >>> 16;
		return h;
	}

}
