package io.windshift.listener;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The partition of a key and the share of each instance, as pure logic: the hash must not
 * change between versions (instances of two versions would disagree on where a key
 * belongs), it spreads keys evenly, and the assignment is balanced and gives every
 * partition exactly one owner.
 */
class KeyPartitionsTests {

	@Test
	void partitionsOfKeysArePinned() {
		assertThat(KeyPartitions.of("k0", 4)).isEqualTo(2);
		assertThat(KeyPartitions.of("k1", 4)).isEqualTo(0);
		assertThat(KeyPartitions.of("k2", 4)).isEqualTo(1);
		assertThat(KeyPartitions.of("k3", 4)).isEqualTo(2);
		assertThat(KeyPartitions.of("order-42", 4)).isEqualTo(3);
		assertThat(KeyPartitions.of("", 4)).isZero();
		assertThat(KeyPartitions.of("customer-7", 7)).isEqualTo(6);
		assertThat(KeyPartitions.of("k1", 7)).isEqualTo(6);
		assertThat(KeyPartitions.of("anything", 1)).isZero();
	}

	@Test
	void keysSpreadEvenlyOverPartitions() {
		int partitions = 4;
		int[] counts = new int[partitions];
		for (int i = 0; i < 1000; i++) {
			int partition = KeyPartitions.of("key-" + i, partitions);
			assertThat(partition).isBetween(0, partitions - 1);
			counts[partition]++;
		}
		for (int count : counts) {
			assertThat(count).as("keys per partition").isBetween(200, 300);
		}
	}

	@Test
	void negativeHashCodesGiveValidPartitions() {
		// "polygenelubricants".hashCode() is Integer.MIN_VALUE
		assertThat("polygenelubricants".hashCode()).isEqualTo(Integer.MIN_VALUE);
		assertThat(KeyPartitions.of("polygenelubricants", 3)).isBetween(0, 2);
	}

	@Test
	void everyPartitionHasOneOwnerAndSharesAreBalanced() {
		for (int partitions = 1; partitions <= 9; partitions++) {
			for (int size = 1; size <= 5; size++) {
				List<String> members = new ArrayList<>();
				for (int m = 0; m < size; m++) {
					members.add("member-" + m);
				}
				Set<Integer> seen = new HashSet<>();
				int least = Integer.MAX_VALUE;
				int most = 0;
				for (String member : members) {
					Set<Integer> owned = PartitionAssignment.owned(members, member, partitions);
					for (int partition : owned) {
						assertThat(seen.add(partition)).as("partition %d owned once", partition).isTrue();
					}
					least = Math.min(least, owned.size());
					most = Math.max(most, owned.size());
				}
				assertThat(seen).as("%d partitions over %d members", partitions, size).hasSize(partitions);
				assertThat(most - least).as("balanced").isLessThanOrEqualTo(1);
			}
		}
	}

	@Test
	void assignmentIsDeterministic() {
		List<String> members = List.of("a", "b", "c");
		assertThat(PartitionAssignment.owned(members, "a", 8)).containsExactly(0, 3, 6);
		assertThat(PartitionAssignment.owned(members, "b", 8)).containsExactly(1, 4, 7);
		assertThat(PartitionAssignment.owned(members, "c", 8)).containsExactly(2, 5);
		assertThat(PartitionAssignment.owned(List.of("a"), "a", 4)).containsExactly(0, 1, 2, 3);
		assertThat(PartitionAssignment.owned(List.of("a", "b", "c", "d", "e"), "e", 4)).isEmpty();
	}

	@Test
	void assignmentNeedsSelfAmongMembers() {
		assertThatIllegalArgumentException().isThrownBy(() -> PartitionAssignment.owned(List.of("a"), "b", 4));
	}

}
