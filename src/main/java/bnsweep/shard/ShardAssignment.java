package bnsweep.shard;

import java.io.Serializable;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Deals examples to workers: for each example (by its dataset index) the worker it goes to and
 * its position in that worker's shard. Shard sizes differ by at most one.
 */
public record ShardAssignment(int workers, int[] shardOf, int[] positionOf, int[] shardSizes) implements Serializable {

    /**
     * @param indices dataset indices of the examples (any order)
     * @param labels  their labels
     */
    public static ShardAssignment of(int[] indices, int[] labels, int workers, Partitioning how, long seed) {
        int n = indices.length;
        if (workers < 1) throw new IllegalArgumentException("workers must be >= 1");
        if (n < workers) throw new IllegalArgumentException(n + " examples cannot feed " + workers + " workers");
        // sort by dataset index first so that the collection order of the rows does not matter
        Integer[] byIndex = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(byIndex, Comparator.comparingInt(i -> indices[i]));
        int[] sequence = Arrays.stream(byIndex).mapToInt(Integer::intValue).toArray();
        if (how == Partitioning.IID) {
            SplittableRandom rng = new SplittableRandom(seed);
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = sequence[i];
                sequence[i] = sequence[j];
                sequence[j] = t;
            }
        } else {
            Integer[] s = Arrays.stream(sequence).boxed().toArray(Integer[]::new);
            Arrays.sort(s, Comparator.<Integer>comparingInt(i -> labels[i]).thenComparingInt(i -> indices[i]));
            sequence = Arrays.stream(s).mapToInt(Integer::intValue).toArray();
        }
        int maxIndex = Arrays.stream(indices).max().orElse(0);
        int[] shardOf = new int[maxIndex + 1];
        int[] positionOf = new int[maxIndex + 1];
        Arrays.fill(shardOf, -1);
        int[] sizes = new int[workers];
        for (int k = 0; k < workers; k++) {
            int from = (int) ((long) n * k / workers), to = (int) ((long) n * (k + 1) / workers);
            sizes[k] = to - from;
            for (int j = from; j < to; j++) {
                int example = indices[sequence[j]];
                shardOf[example] = k;
                positionOf[example] = j - from;
            }
        }
        return new ShardAssignment(workers, shardOf, positionOf, sizes);
    }

    /** The smallest shard when n examples are dealt to {@code workers} (sizes differ by at most one). */
    public static int smallestShard(int n, int workers) {
        return n / workers;
    }

    public int minShardSize() {
        return Arrays.stream(shardSizes).min().orElse(0);
    }
}
