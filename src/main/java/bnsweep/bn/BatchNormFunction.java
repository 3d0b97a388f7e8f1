package bnsweep.bn;

import java.util.Arrays;

/**
 * Batch normalisation in training, forward and backward, on a worker's minibatch of {@code rows}
 * examples x {@code f} features (row-major, in double). The minibatch is
 * normalised in groups of {@code groupRows} consecutive rows: the whole minibatch (BN, SyncBN) or
 * ghost batches. With an {@link Exchange} the moments and the backward sums of a group are those of
 * that group on all workers together (SyncBN; PyTorch's {@code SyncBatchNorm} in
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
public final class BatchNormFunction {
    private BatchNormFunction() {}

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
        final double[] xhat;
        /** Per group: 1 / sqrt(var + eps) by feature, and N. */
        final double[][] invStd;
        final long[] count;
        /** Moments the running statistics are updated with: the group's (all workers' with an Exchange), or the
         *  whole minibatch's for ghost batches. */
        public final BnMoments batch;

        Saved(int rows, int features, int groupRows, double[] xhat, double[][] invStd, long[] count, BnMoments batch) {
            this.rows = rows;
            this.features = features;
            this.groupRows = groupRows;
            this.xhat = xhat;
            this.invStd = invStd;
            this.count = count;
            this.batch = batch;
        }
    }

    /** Writes y = BN(x) into {@code y}; {@code exchange} null for statistics of this worker's rows only. */
    public static Saved forward(double[] x, int rows, int f, double[] gamma, double[] beta, double eps, int groupRows,
                                Exchange exchange, double[] y) {
        if (groupRows < 1 || rows % groupRows != 0) throw new IllegalArgumentException(groupRows + " does not divide " + rows);
        int groups = rows / groupRows;
        double[] xhat = new double[rows * f];
        double[][] invStd = new double[groups][f];
        long[] count = new long[groups];
        BnMoments whole = null;
        for (int q = 0; q < groups; q++) {
            int from = q * groupRows;
            BnMoments m = BnMoments.ofRows(x, from, groupRows, f);
            whole = BnMoments.merge(whole, m);
            if (exchange != null) m = exchange.merge(m);
            double[] mean = m.mean(), var = m.variance();
            count[q] = m.count();
            for (int j = 0; j < f; j++) invStd[q][j] = 1 / Math.sqrt(var[j] + eps);
            for (int i = from; i < from + groupRows; i++) {
                for (int j = 0; j < f; j++) {
                    int k = i * f + j;
                    double h = (x[k] - mean[j]) * invStd[q][j];
                    xhat[k] = h;
                    y[k] = gamma[j] * h + beta[j];
                }
            }
            if (exchange != null) whole = m; // one group: its moments over all workers
        }
        return new Saved(rows, f, groupRows, xhat, invStd, count, whole);
    }

    /** Writes dL/dx into {@code dx} and this worker's dL/dgamma, dL/dbeta into {@code dGamma}, {@code dBeta}. */
    public static void backward(double[] dy, Saved s, double[] gamma, Exchange exchange, double[] dx, double[] dGamma, double[] dBeta) {
        int f = s.features;
        Arrays.fill(dGamma, 0);
        Arrays.fill(dBeta, 0);
        for (int q = 0; q < s.count.length; q++) {
            int from = q * s.groupRows, to = from + s.groupRows;
            double[] sums = new double[2 * f]; // s1 then s2
            for (int i = from; i < to; i++) {
                for (int j = 0; j < f; j++) {
                    int k = i * f + j;
                    sums[j] += dy[k];
                    sums[f + j] += dy[k] * s.xhat[k];
                }
            }
            for (int j = 0; j < f; j++) {
                dBeta[j] += sums[j];
                dGamma[j] += sums[f + j];
            }
            if (exchange != null) exchange.sum(sums);
            double n = s.count[q];
            for (int i = from; i < to; i++) {
                for (int j = 0; j < f; j++) {
                    int k = i * f + j;
                    dx[k] = gamma[j] * s.invStd[q][j] * (dy[k] - sums[j] / n - s.xhat[k] * sums[f + j] / n);
                }
            }
        }
    }
}
