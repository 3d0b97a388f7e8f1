package bnsweep.testutil;

import bnsweep.shard.WorkerShard;
import java.util.Random;

/** Small learnable classification data: class c has mean +/-1 pattern c plus Gaussian noise. */
public final class SyntheticData {
    private SyntheticData() {}

    public static WorkerShard shard(int shardId, int n, int features, long seed) {
        return shard(shardId, n, features, 10, seed);
    }

    /** As above with {@code classes} classes. */
    public static WorkerShard shard(int shardId, int n, int features, int classes, long seed) {
        Random rng = new Random(seed * 7919 + shardId);
        float[] x = new float[n * features];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(classes);
            y[i] = c;
            for (int j = 0; j < features; j++) {
                float mean = ((j * 7 + c * 3) % 5 == 0) ? 1f : -0.3f;
                x[i * features + j] = mean + (float) rng.nextGaussian();
            }
        }
        return new WorkerShard(shardId, features, classes, x, y);
    }
}
