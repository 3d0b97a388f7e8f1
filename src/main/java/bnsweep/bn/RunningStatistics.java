package bnsweep.bn;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * SyncBatchNorm's running statistics, replayed: the values one network would hold had every step's
 * BN statistics been computed over the union of all workers' minibatches. Starting from the values
 * all workers shared at the start of a round, for each step t with the union's moments
 * (mean_t, var_t) = {@link BnMoments#merge} of the workers' minibatch moments,
 * <pre>
 *   running_mean = decay running_mean + (1 - decay) mean_t
 *   running_var  = decay running_var  + (1 - decay) var_t
 * </pre>
 * the recurrence DL4J applies per worker (Dl4jBatchNormSemanticsTest).
 */
public final class RunningStatistics {
    private RunningStatistics() {}

    /** Applies the recurrence for each step's union moments, in place on {@code mean} and {@code var}. */
    public static void replay(double[] mean, double[] var, double decay, BnMoments[] unionPerStep) {
        for (BnMoments union : unionPerStep) {
            double[] um = union.mean(), uv = union.variance();
            for (int j = 0; j < mean.length; j++) {
                mean[j] = decay * mean[j] + (1 - decay) * um[j];
                var[j] = decay * var[j] + (1 - decay) * uv[j];
            }
        }
    }

    /** Per layer and step, the merge of every worker's moments, folded in worker order (the same bits on every worker). */
    public static BnMoments[][] union(BnMoments[][][] byWorker) {
        BnMoments[][] out = byWorker[0];
        for (int w = 1; w < byWorker.length; w++) {
            for (int l = 0; l < out.length; l++) out[l] = BnMoments.mergeLayers(out[l], byWorker[w][l]);
        }
        return out;
    }

    /** Largest relative difference max_j |a_j - b_j| / a_j: how far {@code b} is from the reference {@code a}. */
    public static double maxRelativeDifference(double[] a, double[] b) {
        double d = 0;
        for (int j = 0; j < a.length; j++) d = Math.max(d, Math.abs(a[j] - b[j]) / a[j]);
        return d;
    }

    /** Binary form of moments[layer][step], for the collective's all-gather. */
    public static byte[] encode(BnMoments[][] moments) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(moments.length);
            for (BnMoments[] layer : moments) {
                out.writeInt(layer.length);
                for (BnMoments m : layer) {
                    out.writeLong(m.count());
                    out.writeInt(m.mean().length);
                    for (double v : m.mean()) out.writeDouble(v);
                    for (double v : m.m2()) out.writeDouble(v);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static BnMoments[][] decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            BnMoments[][] moments = new BnMoments[in.readInt()][];
            for (int l = 0; l < moments.length; l++) {
                moments[l] = new BnMoments[in.readInt()];
                for (int t = 0; t < moments[l].length; t++) {
                    long count = in.readLong();
                    int n = in.readInt();
                    double[] mean = new double[n], m2 = new double[n];
                    for (int j = 0; j < n; j++) mean[j] = in.readDouble();
                    for (int j = 0; j < n; j++) m2[j] = in.readDouble();
                    moments[l][t] = new BnMoments(count, mean, m2);
                }
            }
            return moments;
        } catch (IOException e) {
            throw new UncheckedIOException("malformed BN moments", e);
        }
    }
}
