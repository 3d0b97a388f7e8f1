package bnsweep.bn;

import java.util.Arrays;

/**
 * The reference of {@link BatchNormKernel}: the same formulas written plainly in double precision on
 * double arrays (see the kernel for them), the oracle the kernel is checked against, and itself checked
 * by finite differences ({@code BatchNormReferenceTest}).
 */
public final class BatchNormReference {
    private BatchNormReference() {}

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
                                BatchNormKernel.Exchange exchange, double[] y) {
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
    public static void backward(double[] dy, Saved s, double[] gamma, BatchNormKernel.Exchange exchange, double[] dx, double[] dGamma, double[] dBeta) {
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
