package bnsweep.bn;

import java.nio.FloatBuffer;

/**
 * Batch normalisation in training, forward and backward, on a worker's minibatch of {@code rows}
 * examples × {@code f} features: row-major float buffers, sums and moments in double. The minibatch
 * is normalised in groups of {@code groupRows} consecutive rows: the whole minibatch (BN, SyncBN) or
 * ghost batches, as the layer's configuration decides ({@link BatchNorm#groupRows}); with an
 * {@link Exchange} ({@link BatchNorm#exchange}) the moments and the backward sums of a group are
 * those of that group on all workers together (SyncBN; PyTorch's {@code SyncBatchNorm} in
 * {@code torch/nn/modules/_functions.py} does the same with {@code batch_norm_gather_stats_with_counts}
 * and {@code batch_norm_backward_reduce}).
 *
 * <p>Forward, per group and feature j, N the group's examples (of all workers, with an Exchange):
 * <pre>
 *   mean_j   = (1/N) sum_i x_ij,   var_j = (1/N) sum_i (x_ij - mean_j)^2   (per worker, then BnMoments.merge)
 *   invstd_j = 1 / sqrt(var_j + eps)
 *   xhat_ij  = (x_ij - mean_j) invstd_j,     y_ij = gamma_j xhat_ij + beta_j
 * </pre>
 * Backward, g_ij = dL/dy_ij:
 * <pre>
 *   dL/dbeta_j  = sum_i g_ij,   dL/dgamma_j = sum_i g_ij xhat_ij          (this worker's rows)
 *   s1_j = sum_i g_ij,   s2_j = sum_i g_ij xhat_ij                         (the group's rows of all workers)
 *   dL/dx_ij = gamma_j invstd_j (g_ij - s1_j / N - xhat_ij s2_j / N)
 * </pre>
 * The last line is the derivative of the whole (all workers') loss with respect to x_ij, through
 * the group's mean and variance: the same as differentiating a single BN over the concatenated rows.
 */
public final class BatchNormKernel {
    private BatchNormKernel() {}

    /** How a group's statistics cross workers (SyncBN). Every worker calls it in the same order. */
    public interface Exchange {
        /** The moments of the group on all workers, merged in worker order. */
        BnMoments merge(BnMoments mine);

        /** Replaces {@code values} by their sum over all workers, added in worker order. */
        void sum(double[] values);
    }

    /** What the backward pass needs of the forward one, and the minibatch's moments for the running statistics. */
    public static final class Saved {
        final int rows, features, groupRows;
        final float[] xhat;
        /** Per group: 1 / sqrt(var + eps) by feature, and N. */
        final double[][] invStd;
        final long[] count;
        final Exchange exchange;
        /** Moments the running statistics are updated with: the group's (all workers' with an Exchange), or the
         *  whole minibatch's for ghost batches. */
        public final BnMoments batch;

        Saved(int rows, int features, int groupRows, float[] xhat, double[][] invStd, long[] count, Exchange exchange, BnMoments batch) {
            this.rows = rows;
            this.features = features;
            this.groupRows = groupRows;
            this.xhat = xhat;
            this.invStd = invStd;
            this.count = count;
            this.exchange = exchange;
            this.batch = batch;
        }
    }

    /**
     * y = BN(x) of {@code x} (rows × f) in the groups and through the exchange the layer's configuration
     * decides, the exchange offered by {@code context} (null: this worker alone). The normalised
     * inputs are kept for the backward pass, in {@code xhat} when it has room (rows × f), else in a new array.
     */
    public static Saved forward(BatchNorm conf, BnContext context, FloatBuffer x, int rows, int f, FloatBuffer gamma, FloatBuffer beta,
                                FloatBuffer y, float[] xhat) {
        return forward(x, rows, f, gamma, beta, conf.getEps(), conf.groupRows(rows), conf.exchange(context), y, xhat);
    }

    /** As above, with the group size and the exchange (null for statistics of this worker's rows only) given. */
    public static Saved forward(FloatBuffer x, int rows, int f, FloatBuffer gamma, FloatBuffer beta, double eps, int groupRows,
                                Exchange exchange, FloatBuffer y, float[] xhat) {
        if (groupRows < 1 || rows % groupRows != 0) throw new IllegalArgumentException(groupRows + " does not divide " + rows);
        int groups = rows / groupRows;
        // Java arrays, copied in and out in bulk: the loops over them run several times faster than over direct buffers
        float[] h = xhat != null && xhat.length >= rows * f ? xhat : new float[rows * f];
        x.get(0, h, 0, rows * f);
        double[][] invStd = new double[groups][f];
        long[] count = new long[groups];
        double[] g = new double[f], b = new double[f];
        for (int j = 0; j < f; j++) {
            g[j] = gamma.get(j);
            b[j] = beta.get(j);
        }
        float[] out = new float[rows * f];
        BnMoments whole = null;

        for (int q = 0; q < groups; q++) {
            int from = q * groupRows;
            BnMoments m = moments(h, from, groupRows, f);
            whole = BnMoments.merge(whole, m);
            if (exchange != null) m = exchange.merge(m);
            double[] mean = m.mean(), var = m.variance(), inv = invStd[q];
            count[q] = m.count();
            for (int j = 0; j < f; j++) inv[j] = 1 / Math.sqrt(var[j] + eps);
            // in double (x − mean cancels where the mean is large against the spread); xhat kept in float, y from the double
            for (int i = from, k = from * f; i < from + groupRows; i++, k += f) {
                for (int j = 0; j < f; j++) {
                    double hat = (h[k + j] - mean[j]) * inv[j];
                    h[k + j] = (float) hat;
                    out[k + j] = (float) (g[j] * hat + b[j]);
                }
            }
            if (exchange != null) whole = m; // one group: its moments over all workers
        }
        y.put(0, out);
        return new Saved(rows, f, groupRows, h, invStd, count, exchange, whole);
    }

    /** Moments of rows [from, from + rows) of a row-major array of {@code f} columns, two-pass in double. */
    static BnMoments moments(float[] x, int from, int rows, int f) {
        double[] mean = new double[f], m2 = new double[f];
        for (int i = from, k = from * f; i < from + rows; i++, k += f) for (int j = 0; j < f; j++) mean[j] += x[k + j];
        for (int j = 0; j < f; j++) mean[j] /= rows;
        for (int i = from, k = from * f; i < from + rows; i++, k += f) {
            for (int j = 0; j < f; j++) {
                double d = x[k + j] - mean[j];
                m2[j] += d * d;
            }
        }
        return new BnMoments(rows, mean, m2);
    }

    /**
     * Writes dL/dx into {@code dx} (null: not wanted, as for the network's input) and this worker's
     * dL/dgamma, dL/dbeta into {@code dGamma}, {@code dBeta}.
     */
    public static void backward(FloatBuffer dy, Saved s, FloatBuffer gamma, FloatBuffer dx, FloatBuffer dGamma, FloatBuffer dBeta) {
        int f = s.features;
        float[] d = new float[s.rows * f], xh = s.xhat;
        dy.get(0, d);
        double[] dg = new double[f], db = new double[f];
        for (int q = 0; q < s.count.length; q++) {
            int from = q * s.groupRows, to = from + s.groupRows;
            double[] s1 = new double[f], s2 = new double[f];
            for (int i = from, k = from * f; i < to; i++, k += f) {
                for (int j = 0; j < f; j++) {
                    double g = d[k + j];
                    s1[j] += g;
                    s2[j] += g * xh[k + j];
                }
            }
            for (int j = 0; j < f; j++) {
                db[j] += s1[j];
                dg[j] += s2[j];
            }
            if (s.exchange != null) {
                double[] sums = new double[2 * f]; // s1 then s2
                System.arraycopy(s1, 0, sums, 0, f);
                System.arraycopy(s2, 0, sums, f, f);
                s.exchange.sum(sums);
                System.arraycopy(sums, 0, s1, 0, f);
                System.arraycopy(sums, f, s2, 0, f);
            }
            if (dx == null) continue;
            double n = s.count[q];
            double[] scale = new double[f];
            for (int j = 0; j < f; j++) {
                scale[j] = gamma.get(j) * s.invStd[q][j];
                s1[j] /= n;
                s2[j] /= n;
            }
            // dx = gamma invstd (dy − s1/N − xhat s2/N), in double, in place in d
            for (int i = from, k = from * f; i < to; i++, k += f) {
                for (int j = 0; j < f; j++) d[k + j] = (float) (scale[j] * (d[k + j] - s1[j] - xh[k + j] * s2[j]));
            }
        }
        if (dx != null) dx.put(0, d);
        for (int j = 0; j < f; j++) {
            dGamma.put(j, (float) dg[j]);
            dBeta.put(j, (float) db[j]);
        }
    }

    static final double ONE_ON_2LOGE_10 = 1 / (2 * Math.log(10));

    /**
     * DL4J's running-statistics update, written as the "gradient" entries of {@code mean} and of the
     * log10 std (or the variance) that DL4J's updater subtracts without scaling: (mean − μ_B)(1 − decay),
     * and log10(√(v / v')) with v = 10^(2·log10std), v' = decay·v + (1 − decay)·σ²_B (or (var − σ²_B)(1 − decay)).
     */
    public static void runningUpdate(BatchNorm conf, BnMoments batch, FloatBuffer mean, FloatBuffer stat, FloatBuffer dMean, FloatBuffer dStat) {
        double d = conf.getDecay();
        double[] mu = batch.mean(), var = batch.variance();
        for (int j = 0; j < mu.length; j++) {
            dMean.put(j, (float) ((mean.get(j) - mu[j]) * (1 - d)));
            if (conf.isUseLogStd()) {
                double v = Math.pow(10, 2.0 * stat.get(j)), next = d * v + (1 - d) * var[j];
                dStat.put(j, (float) (Math.log(v / next) * ONE_ON_2LOGE_10));
            } else {
                dStat.put(j, (float) ((stat.get(j) - var[j]) * (1 - d)));
            }
        }
    }
}
