package bnsweep.sweep;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.IntStream;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * The tests a sweep's comparisons use, each implemented once (commons-math3's t distribution and
 * t-tests; the signed-rank test here, since commons-math3's counts zero differences and ignores
 * ties). BN and
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
     * @param pWilcoxon two-sided exact Wilcoxon signed-rank p-value ({@link #signedRank}; NaN below {@value #WILCOXON_MIN_PAIRS} pairs)
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
        if (n >= WILCOXON_MIN_PAIRS) pW = signedRank(d);
        return new Paired(n, mean, lo, hi, pT, pW);
    }

    /**
     * Two-sided exact Wilcoxon signed-rank p-value of the differences {@code d}: zero differences
     * are dropped (Wilcoxon's method), tied |d| get their mean rank, and the statistic W+ (the sum
     * of the positive differences' ranks) is compared with its exact distribution under the null for
     * these ranks, ties included: all 2^n sign assignments, counted by dynamic programming over the
     * doubled ranks (integers). p = min(1, 2·min(P(W+ ≤ w), P(W+ ≥ w))); 1 when every difference is 0.
     * Differences equal to 12 significant digits count as tied (accuracies differ in float rounding).
     */
    static double signedRank(double[] d) {
        double[] nz = Arrays.stream(d).filter(x -> x != 0).map(x -> Double.parseDouble(String.format(Locale.ROOT, "%.12g", x))).toArray();
        int n = nz.length;
        if (n == 0) return 1;
        Integer[] byAbs = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(byAbs, Comparator.comparingDouble(i -> Math.abs(nz[i])));
        int[] rank2 = new int[n]; // doubled mean ranks: ranks k+1..j of a tie group get (k+1+j)
        for (int k = 0; k < n; ) {
            int j = k;
            while (j + 1 < n && Math.abs(nz[byAbs[j + 1]]) == Math.abs(nz[byAbs[k]])) j++;
            for (int t = k; t <= j; t++) rank2[byAbs[t]] = (k + 1) + (j + 1);
            k = j + 1;
        }
        int total = Arrays.stream(rank2).sum(), w = 0;
        for (int i = 0; i < n; i++) if (nz[i] > 0) w += rank2[i];
        double[] count = new double[total + 1]; // count[s]: sign assignments whose doubled W+ is s
        count[0] = 1;
        for (int r : rank2) for (int s2 = total; s2 >= r; s2--) count[s2] += count[s2 - r];
        double all = Math.pow(2, n), below = 0, above = 0;
        for (int s2 = 0; s2 <= total; s2++) {
            if (s2 <= w) below += count[s2];
            if (s2 >= w) above += count[s2];
        }
        return Math.min(1, 2 * Math.min(below, above) / all);
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
