package bnsweep.bn;

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
}
