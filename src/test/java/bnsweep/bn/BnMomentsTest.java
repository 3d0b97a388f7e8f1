package bnsweep.bn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The merge of per-worker moments equals the moments of the concatenated data. */
class BnMomentsTest {
    /** Reference: two-pass mean and population variance of the concatenation, in double. */
    static double[][] reference(List<double[][]> parts, int features) {
        double[] mean = new double[features], var = new double[features];
        long n = 0;
        for (double[][] p : parts) for (double[] row : p) { n++; for (int j = 0; j < features; j++) mean[j] += row[j]; }
        for (int j = 0; j < features; j++) mean[j] /= n;
        for (double[][] p : parts) for (double[] row : p) for (int j = 0; j < features; j++) var[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
        for (int j = 0; j < features; j++) var[j] /= n;
        return new double[][] {mean, var};
    }

    /** A worker's moments, summarised from its own rows as it would report them: (count, mean, variance). */
    static BnMoments worker(double[][] rows, int features) {
        double[][] ref = reference(List.<double[][]>of(rows), features);
        return BnMoments.of(rows.length, ref[0], ref[1]);
    }

    static double[][] rows(Random r, int n, int features, double center, double spread) {
        double[][] x = new double[n][features];
        for (double[] row : x) for (int j = 0; j < features; j++) row[j] = center + j + spread * r.nextGaussian();
        return x;
    }

    static void assertMergeMatches(List<double[][]> parts, int features) {
        BnMoments merged = null;
        for (double[][] p : parts) merged = BnMoments.merge(merged, worker(p, features));
        double[][] ref = reference(parts, features);
        long n = parts.stream().mapToLong(p -> p.length).sum();
        assertEquals(n, merged.count());
        double[] var = merged.variance();
        for (int j = 0; j < features; j++) {
            assertEquals(ref[0][j], merged.mean()[j], 1e-6 * Math.max(1, Math.abs(ref[0][j])), "mean of feature " + j);
            assertEquals(ref[1][j], var[j], 1e-6 * ref[1][j], "variance of feature " + j);
        }
    }

    @Test
    void unequalWorkerCounts() {
        Random r = new Random(1);
        assertMergeMatches(List.of(rows(r, 3, 4, 0, 1), rows(r, 1000, 4, 0.5, 2), rows(r, 17, 4, -1, 0.5)), 4);
    }

    @Test
    void workersWithVeryDifferentMeans() {
        Random r = new Random(2);
        assertMergeMatches(List.of(rows(r, 200, 3, -1e4, 1), rows(r, 300, 3, 1e4, 1), rows(r, 50, 3, 0, 5)), 3);
    }

    @Test
    void nearConstantFeaturesStayAccurate() {
        // mean 1e6, spread 1e-2: E[x^2] - mean^2 would lose every significant digit in double
        Random r = new Random(3);
        List<double[][]> parts = new ArrayList<>();
        for (int k = 0; k < 4; k++) parts.add(rows(r, 100 + 37 * k, 2, 1e6, 1e-2));
        assertMergeMatches(parts, 2);
    }

    @Test
    void mergeIsAssociative() {
        Random r = new Random(4);
        BnMoments a = worker(rows(r, 10, 2, 0, 1), 2), b = worker(rows(r, 20, 2, 3, 1), 2), c = worker(rows(r, 5, 2, -3, 2), 2);
        BnMoments left = BnMoments.merge(BnMoments.merge(a, b), c), right = BnMoments.merge(a, BnMoments.merge(b, c));
        for (int j = 0; j < 2; j++) {
            assertEquals(left.mean()[j], right.mean()[j], 1e-12);
            assertEquals(left.variance()[j], right.variance()[j], 1e-12);
        }
    }

    @Test
    void ofRowsIsTwoPass() {
        float[] x = {1e4f + 1, 1e4f - 1, 1e4f + 3, 1e4f - 3};
        BnMoments m = BnMoments.ofRows(x, 4, 1);
        assertEquals(1e4, m.mean()[0], 1e-9);
        assertEquals(5.0, m.variance()[0], 1e-9);
    }
}
