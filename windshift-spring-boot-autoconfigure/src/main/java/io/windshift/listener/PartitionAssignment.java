package io.windshift.listener;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.util.Assert;

/**
 * Which partitions of a partitioned listener an instance runs, given the live instances:
 * partition {@code i} belongs to the {@code i % members}-th of the members sorted by id,
 * so every partition has one owner, each member runs as many partitions as any other
 * (give or take one), and members that see the same set agree.
 */
final class PartitionAssignment {

	private PartitionAssignment() {
	}

	/**
	 * The partitions {@code self} owns.
	 * @param members the live members' ids, sorted, {@code self} among them
	 * @param self this instance's id
	 * @param partitions how many partitions there are
	 */
	static Set<Integer> owned(List<String> members, String self, int partitions) {
		int index = members.indexOf(self);
		Assert.isTrue(index >= 0, "self must be a member");
		Set<Integer> owned = new LinkedHashSet<>();
		for (int i = index; i < partitions; i += members.size()) {
			owned.add(i);
		}
		return owned;
	}

}
