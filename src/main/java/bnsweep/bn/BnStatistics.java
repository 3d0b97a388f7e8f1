package bnsweep.bn;

/**
 * One BN layer's statistics: a mean and a variance per feature (running, merged or precise). A
 * network's are carried as one float array, layer after layer, each layer's means then its
 * variances: {@link #flatten} and {@link #split} are the only code that knows that packing.
 */
public record BnStatistics(double[] mean, double[] variance) {
    public BnStatistics {
        if (mean.length != variance.length) throw new IllegalArgumentException(mean.length + " means, " + variance.length + " variances");
    }

    public int features() {
        return mean.length;
    }

    /** Every layer's means, then its variances, layer after layer. */
    public static float[] flatten(BnStatistics[] layers) {
        int n = 0;
        for (BnStatistics l : layers) n += 2 * l.features();
        float[] out = new float[n];
        int at = 0;
        for (BnStatistics l : layers) {
            for (double v : l.mean) out[at++] = (float) v;
            for (double v : l.variance) out[at++] = (float) v;
        }
        return out;
    }

    /** The inverse of {@link #flatten}, for layers of {@code features[b]} features. */
    public static BnStatistics[] split(float[] flat, int[] features) {
        BnStatistics[] out = new BnStatistics[features.length];
        int at = 0;
        for (int b = 0; b < features.length; b++) {
            double[] mean = new double[features[b]], var = new double[features[b]];
            for (int j = 0; j < mean.length; j++) mean[j] = flat[at++];
            for (int j = 0; j < var.length; j++) var[j] = flat[at++];
            out[b] = new BnStatistics(mean, var);
        }
        if (at != flat.length) throw new IllegalArgumentException(flat.length + " values for BN layers of " + at);
        return out;
    }
}
