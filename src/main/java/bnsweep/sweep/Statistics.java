package bnsweep.sweep;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.commons.math3.stat.inference.TTest;
import org.apache.commons.math3.stat.inference.WilcoxonSignedRankTest;

/**
 * The tests a sweep's comparisons use, each implemented once (commons-math3 underneath). BN and
 * no-BN twins of a seed start from the same weights and see the same data order, so their results
 * are compared paired, seed by seed.
 */
public final class Statistics {
    /** Wilcoxon's signed-rank test needs this many pairs before its smallest p can fall below 0.05. */
    public static final int WILCOXON_MIN_PAIRS = 6;

    private Statistics() {}

    /**
     * A paired comparison of a[i] − b[i].
     *
     * @param ciLow  lower end of the 95% confidence interval of the mean difference (t distribution, n − 1 df)
     * @param pT     two-sided paired t-test p-value (NaN with fewer than 2 pairs or no variance of the differences)
     * @param pWilcoxon two-sided Wilcoxon signed-rank p-value, exact for these sizes (NaN below {@value #WILCOXON_MIN_PAIRS} pairs)
     */
    public record Paired(int n, double meanDiff, double ciLow, double ciHigh, double pT, double pWilcoxon) {}

    public static Paired paired(double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("paired samples of " + a.length + " and " + b.length);
        int n = a.length;
        double[] d = IntStream.range(0, n).mapToDouble(i -> a[i] - b[i]).toArray();
        DescriptiveStatistics s = new DescriptiveStatistics(d);
        double mean = n == 0 ? Double.NaN : s.getMean(), lo = Double.NaN, hi = Double.NaN, pT = Double.NaN, pW = Double.NaN;
        if (n >= 2) {
            double half = new TDistribution(n - 1).inverseCumulativeProbability(0.975) * s.getStandardDeviation() / Math.sqrt(n);
            lo = mean - half;
            hi = mean + half;
            if (s.getStandardDeviation() > 0) pT = new TTest().pairedTTest(a, b);
        }
        if (n >= WILCOXON_MIN_PAIRS && Arrays.stream(d).anyMatch(x -> x != 0)) pW = new WilcoxonSignedRankTest().wilcoxonSignedRankTest(a, b, true);
        return new Paired(n, mean, lo, hi, pT, pW);
    }

    /** Two-sided Welch t-test p-value (unpaired, unequal variances); NaN with fewer than 2 values a side or no variance. */
    public static double welch(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) return Double.NaN;
        return new TTest().tTest(a, b);
    }

    /**
     * Holm–Bonferroni adjusted p-values for a family of tests (NaN entries are not tests and stay
     * NaN): sort the m p-values, p_(k) becomes max over j ≤ k of min(1, (m − j + 1) p_(j)).
     * "Significant after correction" at level α means adjusted p < α.
     */
    public static double[] holm(double[] p) {
        Integer[] order = IntStream.range(0, p.length).filter(i -> !Double.isNaN(p[i])).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        double[] adj = new double[p.length];
        Arrays.fill(adj, Double.NaN);
        double running = 0;
        int m = order.length;
        for (int k = 0; k < m; k++) {
            running = Math.max(running, Math.min(1, (m - k) * p[order[k]]));
            adj[order[k]] = running;
        }
        return adj;
    }
}
