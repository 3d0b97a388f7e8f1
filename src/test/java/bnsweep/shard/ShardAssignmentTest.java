package bnsweep.shard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardAssignmentTest {
    final int[] indices = IntStream.range(0, 103).map(i -> 1000 - i * 3).toArray();
    final int[] labels = IntStream.range(0, 103).map(i -> (i * 7) % 10).toArray();

    @Test
    void iidDealsEveryExampleOnceInNearlyEqualShards() {
        ShardAssignment a = ShardAssignment.of(indices, labels, 4, Partitioning.IID, 9);
        assertArrayEquals(new int[] {25, 26, 26, 26}, a.shardSizes());
        Set<String> slots = new HashSet<>();
        for (int idx : indices) {
            int k = a.shardOf()[idx];
            assertTrue(k >= 0 && k < 4);
            assertTrue(slots.add(k + "/" + a.positionOf()[idx]), "two examples in one slot");
        }
        assertEquals(103, slots.size());
    }

    @Test
    void iidIsDeterministicPerSeedAndIndependentOfRowOrder() {
        ShardAssignment a = ShardAssignment.of(indices, labels, 3, Partitioning.IID, 9);
        int[] revIdx = IntStream.range(0, 103).map(i -> indices[102 - i]).toArray();
        int[] revLab = IntStream.range(0, 103).map(i -> labels[102 - i]).toArray();
        ShardAssignment b = ShardAssignment.of(revIdx, revLab, 3, Partitioning.IID, 9);
        assertArrayEquals(a.shardOf(), b.shardOf());
        assertArrayEquals(a.positionOf(), b.positionOf());
    }

    @Test
    void labelSortedGivesWorkersDisjointLabelRanges() {
        ShardAssignment a = ShardAssignment.of(indices, labels, 2, Partitioning.LABEL_SORTED, 9);
        int max0 = -1, min1 = 10;
        for (int i = 0; i < indices.length; i++) {
            if (a.shardOf()[indices[i]] == 0) max0 = Math.max(max0, labels[i]);
            else min1 = Math.min(min1, labels[i]);
        }
        assertTrue(max0 <= min1, "worker 0 labels up to " + max0 + ", worker 1 from " + min1);
    }
}
