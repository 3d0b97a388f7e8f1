package bnsweep.bn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The BN function against finite differences (one worker, and SyncBN over two workers with
 * different minibatch sizes), against a BN over the concatenated rows, and ghost batches by hand.
 */
class BatchNormReferenceTest {
    static final int F = 4;
    static final double EPS = 1e-5;
    static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r);
        t.setDaemon(true);
        return t;
    });

    static double[] random(Random r, int n, double scale, double shift) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = shift + scale * r.nextGaussian();
        return x;
    }

    /** Runs f(rank) for every worker in its own thread (SyncBN needs them all at once). */
    static <T> List<T> workers(int world, IntFunction<T> f) throws Exception {
        List<Future<T>> fs = new ArrayList<>();
        for (int k = 0; k < world; k++) {
            int rank = k;
            fs.add(POOL.submit(() -> f.apply(rank)));
        }
        List<T> out = new ArrayList<>();
        for (Future<T> fu : fs) out.add(fu.get());
        return out;
    }

    /** The whole loss sum_k sum_ij c_ij y_ij over all workers, forward only. */
    static double loss(double[][] x, int[] rows, double[][] c, double[] gamma, double[] beta, int group) throws Exception {
        ThreadExchange ex = x.length > 1 ? new ThreadExchange(x.length) : null;
        List<Double> parts = workers(x.length, k -> {
            double[] y = new double[rows[k] * F];
            BatchNormReference.forward(x[k], rows[k], F, gamma, beta, EPS, group > 0 ? group : rows[k], ex == null ? null : ex.worker(k), y);
            double l = 0;
            for (int i = 0; i < y.length; i++) l += c[k][i] * y[i];
            return l;
        });
        return parts.stream().mapToDouble(Double::doubleValue).sum();
    }

    @ParameterizedTest(name = "{0} worker(s)")
    @ValueSource(ints = {1, 2})
    void gradientsMatchFiniteDifferences(int world) throws Exception {
        checkGradients(world == 1 ? new int[] {6} : new int[] {5, 3}, 0); // unequal minibatches
    }

    /**
     * Ghost BN: the minibatch normalised in several ghost batches, each with its own moments and its
     * own backward sums over its own count (a backward dividing by the minibatch's count, or carrying
     * the sums from one ghost batch into the next, fails here; one group, as above, cannot tell).
     */
    @ParameterizedTest(name = "{0} rows in ghost batches of {1}")
    @CsvSource({"8, 4", "12, 4", "12, 3"})
    void ghostBatchGradientsMatchFiniteDifferences(int rows, int ghost) throws Exception {
        checkGradients(new int[] {rows}, ghost);
    }

    /** dL/dx, dL/dgamma, dL/dbeta against central differences of the whole loss; {@code group} 0: each worker's minibatch is one group. */
    void checkGradients(int[] rows, int group) throws Exception {
        int world = rows.length;
        Random r = new Random(7);
        double[][] x = new double[world][], c = new double[world][];
        for (int k = 0; k < world; k++) {
            x[k] = random(r, rows[k] * F, 1 + k, 2 * k - 1); // workers' inputs from different distributions
            c[k] = random(r, rows[k] * F, 1, 0);
        }
        double[] gamma = random(r, F, 0.5, 1), beta = random(r, F, 0.5, 0);
        ThreadExchange ex = world > 1 ? new ThreadExchange(world) : null;
        List<double[][]> grads = workers(world, k -> {
            double[] y = new double[rows[k] * F], dx = new double[rows[k] * F], dg = new double[F], db = new double[F];
            BatchNormKernel.Exchange e = ex == null ? null : ex.worker(k);
            BatchNormReference.Saved s = BatchNormReference.forward(x[k], rows[k], F, gamma, beta, EPS, group > 0 ? group : rows[k], e, y);
            BatchNormReference.backward(c[k], s, gamma, e, dx, dg, db);
            return new double[][] {dx, dg, db};
        });
        double h = 1e-6;
        for (int k = 0; k < world; k++) {
            for (int i = 0; i < x[k].length; i++) {
                double keep = x[k][i];
                x[k][i] = keep + h;
                double up = loss(x, rows, c, gamma, beta, group);
                x[k][i] = keep - h;
                double down = loss(x, rows, c, gamma, beta, group);
                x[k][i] = keep;
                double numeric = (up - down) / (2 * h), analytic = grads.get(k)[0][i];
                assertEquals(numeric, analytic, 1e-6 * Math.max(1, Math.abs(numeric)), "dL/dx, worker " + k + " element " + i);
            }
        }
        for (int j = 0; j < F; j++) {
            for (int which = 1; which <= 2; which++) {
                double[] p = which == 1 ? gamma : beta;
                double keep = p[j];
                p[j] = keep + h;
                double up = loss(x, rows, c, gamma, beta, group);
                p[j] = keep - h;
                double down = loss(x, rows, c, gamma, beta, group);
                p[j] = keep;
                double analytic = 0;
                for (double[][] g : grads) analytic += g[which][j]; // per-worker gradients, summed as sync=gradients does
                assertEquals((up - down) / (2 * h), analytic, 1e-6 * Math.max(1, Math.abs(analytic)),
                        (which == 1 ? "dL/dgamma " : "dL/dbeta ") + j);
            }
        }
    }

    @Test
    void syncOverTwoWorkersEqualsOneBnOverTheConcatenatedRows() throws Exception {
        Random r = new Random(3);
        int[] rows = {7, 2};
        double[][] x = {random(r, 7 * F, 1, -3), random(r, 2 * F, 2, 4)}, c = {random(r, 7 * F, 1, 0), random(r, 2 * F, 1, 0)};
        double[] gamma = random(r, F, 0.3, 1), beta = random(r, F, 0.3, 0);
        ThreadExchange ex = new ThreadExchange(2);
        List<double[][]> sync = workers(2, k -> {
            double[] y = new double[rows[k] * F], dx = new double[rows[k] * F];
            BatchNormReference.Saved s = BatchNormReference.forward(x[k], rows[k], F, gamma, beta, EPS, rows[k], ex.worker(k), y);
            BatchNormReference.backward(c[k], s, gamma, ex.worker(k), dx, new double[F], new double[F]);
            return new double[][] {y, dx};
        });
        double[] all = new double[9 * F], call = new double[9 * F], y = new double[9 * F], dx = new double[9 * F];
        System.arraycopy(x[0], 0, all, 0, 7 * F);
        System.arraycopy(x[1], 0, all, 7 * F, 2 * F);
        System.arraycopy(c[0], 0, call, 0, 7 * F);
        System.arraycopy(c[1], 0, call, 7 * F, 2 * F);
        BatchNormReference.Saved s = BatchNormReference.forward(all, 9, F, gamma, beta, EPS, 9, null, y);
        BatchNormReference.backward(call, s, gamma, null, dx, new double[F], new double[F]);
        for (int i = 0; i < 9 * F; i++) {
            int k = i < 7 * F ? 0 : 1, at = k == 0 ? i : i - 7 * F;
            assertEquals(y[i], sync.get(k)[0][at], 1e-12, "y " + i);
            assertEquals(dx[i], sync.get(k)[1][at], 1e-12, "dx " + i);
        }
        assertEquals(9, s.batch.count());
    }

    @Test
    void ghostBatchesNormaliseEachHalfWithItsOwnStatistics() {
        Random r = new Random(5);
        int b = 8, g = 4;
        double[] x = random(r, b * F, 2, 1), gamma = random(r, F, 0.3, 1), beta = random(r, F, 0.3, 0);
        double[] y = new double[b * F];
        BatchNormReference.Saved s = BatchNormReference.forward(x, b, F, gamma, beta, EPS, g, null, y);
        for (int half = 0; half < 2; half++) {
            for (int j = 0; j < F; j++) {
                double mean = 0, var = 0;
                for (int i = half * g; i < (half + 1) * g; i++) mean += x[i * F + j] / g;
                for (int i = half * g; i < (half + 1) * g; i++) var += (x[i * F + j] - mean) * (x[i * F + j] - mean) / g;
                for (int i = half * g; i < (half + 1) * g; i++) {
                    double expected = gamma[j] * (x[i * F + j] - mean) / Math.sqrt(var + EPS) + beta[j];
                    assertEquals(expected, y[i * F + j], 1e-12, "row " + i + " feature " + j);
                }
            }
        }
        BnMoments whole = BnMoments.ofRows(x, 0, b, F); // the running statistics use the whole minibatch
        for (int j = 0; j < F; j++) {
            assertEquals(whole.mean()[j], s.batch.mean()[j], 1e-12);
            assertEquals(whole.variance()[j], s.batch.variance()[j], 1e-12);
        }
    }
}
