package bnsweep.bn;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * Per-feature moments of a BN layer's inputs: {@code count} examples, their {@code mean}, and
 * {@code m2} = count x variance (population variance, as BN uses).
 *
 * <p>{@link #merge} is the parallel-variance formula (Chan, Golub &amp; LeVeque), the one PyTorch's
 * SyncBatchNorm uses in {@code batch_norm_gather_stats_with_counts}:
 * <pre>
 *   N     = n_a + n_b
 *   delta = mean_b - mean_a
 *   mean  = mean_a + delta * n_b / N
 *   M2    = M2_a + M2_b + delta^2 * n_a * n_b / N
 * </pre>
 * Folded over workers k it yields mean = sum_k n_k mean_k / N and
 * var = M2 / N = sum_k n_k (var_k + (mean_k - mean)^2) / N: the moments of the union of the
 * workers' data. It never forms E[x^2] - mean^2, which cancels catastrophically when the mean is
 * large against the spread. Associative, so it can run inside a treeAggregate.
 */
public record BnMoments(long count, double[] mean, double[] m2) implements Serializable {

    /** Moments summarised as (count, mean, variance). */
    public static BnMoments of(long count, double[] mean, double[] variance) {
        double[] m2 = new double[variance.length];
        for (int j = 0; j < m2.length; j++) m2[j] = variance[j] * count;
        return new BnMoments(count, mean.clone(), m2);
    }

    /** Moments of the rows of a row-major [rows x features] block, two-pass in double. */
    public static BnMoments ofRows(float[] x, int rows, int features) {
        return ofRows(x, 0, rows, features);
    }

    /** Moments of rows [from, from + rows) of a row-major block of {@code features} columns, two-pass. */
    public static BnMoments ofRows(double[] x, int from, int rows, int features) {
        double[] mean = new double[features], m2 = new double[features];
        for (int i = from; i < from + rows; i++) for (int j = 0; j < features; j++) mean[j] += x[i * features + j];
        for (int j = 0; j < features; j++) mean[j] /= rows;
        for (int i = from; i < from + rows; i++) {
            for (int j = 0; j < features; j++) {
                double d = x[i * features + j] - mean[j];
                m2[j] += d * d;
            }
        }
        return new BnMoments(rows, mean, m2);
    }

    /** Moments of rows [from, from + rows) of a row-major float block of {@code features} columns. */
    public static BnMoments ofRows(float[] x, int from, int rows, int features) {
        double[] d = new double[rows * features];
        for (int i = 0; i < d.length; i++) d[i] = x[from * features + i];
        return ofRows(d, 0, rows, features);
    }

    public static BnMoments merge(BnMoments a, BnMoments b) {
        if (a == null || a.count == 0) return b;
        if (b == null || b.count == 0) return a;
        long n = a.count + b.count;
        double wb = (double) b.count / n;
        double cross = (double) a.count * b.count / n;
        double[] mean = new double[a.mean.length], m2 = new double[a.mean.length];
        for (int j = 0; j < mean.length; j++) {
            double delta = b.mean[j] - a.mean[j];
            mean[j] = a.mean[j] + delta * wb;
            m2[j] = a.m2[j] + b.m2[j] + delta * delta * cross;
        }
        return new BnMoments(n, mean, m2);
    }

    /** Per-feature merge of two arrays of layers' moments (either may be null). */
    public static BnMoments[] mergeLayers(BnMoments[] a, BnMoments[] b) {
        if (a == null) return b;
        if (b == null) return a;
        BnMoments[] out = new BnMoments[a.length];
        for (int l = 0; l < a.length; l++) out[l] = merge(a[l], b[l]);
        return out;
    }

    public double[] variance() {
        double[] v = new double[m2.length];
        for (int j = 0; j < v.length; j++) v[j] = m2[j] / count;
        return v;
    }

    /** The wire form of moments[layer][step], for the collective's all-gather: counts, then each mean and M2 in float64. */
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
