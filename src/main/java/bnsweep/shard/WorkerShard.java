package bnsweep.shard;

import bnsweep.util.NdArrays;
import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * One worker's examples, normalised, held in a cached RDD partition for the whole run:
 * {@code x} is row-major [size x features], {@code y} the labels 0..classes−1.
 */
public final class WorkerShard implements Serializable {
    private final int shard;
    private final int features;
    private final int classes;
    private final float[] x;
    private final int[] y;

    private transient int orderEpoch = -1;
    private transient int[] order;

    public WorkerShard(int shard, int features, int classes, float[] x, int[] y) {
        if (x.length != (long) y.length * features) throw new IllegalArgumentException("x/y sizes disagree");
        for (int label : y) if (label < 0 || label >= classes) throw new IllegalArgumentException("label " + label + " of " + classes + " classes");
        this.shard = shard;
        this.features = features;
        this.classes = classes;
        this.x = x;
        this.y = y;
    }

    public int shard() {
        return shard;
    }

    public int size() {
        return y.length;
    }

    public int features() {
        return features;
    }

    public int classes() {
        return classes;
    }

    public int label(int i) {
        return y[i];
    }

    /**
     * The order in which this shard's examples are visited in an epoch: a permutation drawn from
     * (seed, epoch, shard) when shuffling, else the stored order. The same on every re-run.
     */
    public synchronized int[] epochOrder(long seed, int epoch, boolean shuffle) {
        if (order == null || orderEpoch != epoch) {
            int[] o = new int[size()];
            for (int i = 0; i < o.length; i++) o[i] = i;
            if (shuffle) {
                SplittableRandom rng = new SplittableRandom(mix(seed, epoch, shard));
                for (int i = o.length - 1; i > 0; i--) {
                    int j = rng.nextInt(i + 1);
                    int t = o[i];
                    o[i] = o[j];
                    o[j] = t;
                }
            }
            order = o;
            orderEpoch = epoch;
        }
        return order;
    }

    /** {@code n} of this shard's examples, drawn by a permutation seeded with (seed, shard): the same on every call. */
    public int[] sample(long seed, int n) {
        int[] o = new int[size()];
        for (int i = 0; i < o.length; i++) o[i] = i;
        SplittableRandom rng = new SplittableRandom(mix(seed, -1, shard));
        for (int i = 0; i < n; i++) {
            int j = i + rng.nextInt(o.length - i);
            int t = o[i];
            o[i] = o[j];
            o[j] = t;
        }
        return Arrays.copyOf(o, n);
    }

    /** Minibatch of the examples order[from..to): features [b x f] and one-hot labels [b x classes]. */
    public DataSet batch(int[] order, int from, int to) {
        int b = to - from;
        float[] xb = new float[b * features];
        float[] yb = new float[b * classes];
        for (int j = 0; j < b; j++) {
            int i = order[from + j];
            System.arraycopy(x, i * features, xb, j * features, features);
            yb[j * classes + y[i]] = 1f;
        }
        return new DataSet(NdArrays.matrix(xb, b, features), NdArrays.matrix(yb, b, classes));
    }

    /** The examples order[from, from + b): their features into {@code x} (b × f, row-major), their labels into {@code labels}. */
    public void copyBatch(int[] order, int from, int b, java.nio.FloatBuffer x, int[] labels) {
        for (int j = 0; j < b; j++) {
            int i = order[from + j];
            x.put(j * features, this.x, i * features, features);
            labels[j] = y[i];
        }
    }

    /** The features of the stored rows [from, to) into {@code x} (row-major). */
    public void copyRows(int from, int to, java.nio.FloatBuffer x) {
        x.put(0, this.x, from * features, (to - from) * features);
    }

    /** Features of the stored rows [from, to) as a [b x f] matrix. */
    public INDArray rows(int from, int to) {
        float[] xb = new float[(to - from) * features];
        System.arraycopy(x, from * features, xb, 0, xb.length);
        return NdArrays.matrix(xb, to - from, features);
    }

    static long mix(long seed, int epoch, int shard) {
        long h = seed * 0x9E3779B97F4A7C15L + epoch;
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L + shard;
        return h ^ (h >>> 29);
    }
}
