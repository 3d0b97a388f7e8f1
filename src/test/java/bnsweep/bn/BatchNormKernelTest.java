package bnsweep.bn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bnsweep.util.NdArrays;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The float kernel the training runs equals the double reference ({@link BatchNormReference}, itself
 * checked by finite differences) to float precision: forward outputs, input gradients, gamma and beta
 * gradients and the moments, for one worker, ghost batches and SyncBN over workers with unequal
 * minibatches, on inputs far from zero mean (where a one-pass variance would lose digits).
 */
class BatchNormKernelTest {
    static final int F = 5;
    static final double EPS = 1e-5;

    static FloatBuffer floats(double[] d) {
        FloatBuffer b = NdArrays.direct(d.length);
        for (int i = 0; i < d.length; i++) b.put(i, (float) d[i]);
        return b;
    }

    /** Rounds to float, as the kernel's inputs are. */
    static double[] asFloat(double[] d) {
        double[] r = new double[d.length];
        for (int i = 0; i < d.length; i++) r[i] = (float) d[i];
        return r;
    }

    @ParameterizedTest(name = "rows {0}, ghost {1}")
    @CsvSource({"16, 0", "12, 4", "7;5, 0", "6;10;4, 0"})
    void theKernelEqualsTheReference(String rowsText, int ghost) throws Exception {
        int[] rows = java.util.Arrays.stream(rowsText.split(";")).mapToInt(Integer::parseInt).toArray();
        int world = rows.length;
        Random r = new Random(3);
        double[][] x = new double[world][], dy = new double[world][];
        for (int k = 0; k < world; k++) {
            x[k] = asFloat(BatchNormReferenceTest.random(r, rows[k] * F, 0.5 + k, 300 + 50 * k));
            dy[k] = asFloat(BatchNormReferenceTest.random(r, rows[k] * F, 1, 0.2));
        }
        double[] gamma = asFloat(BatchNormReferenceTest.random(r, F, 0.5, 1)), beta = asFloat(BatchNormReferenceTest.random(r, F, 0.5, 0));
        ThreadExchange refEx = world > 1 ? new ThreadExchange(world) : null, kerEx = world > 1 ? new ThreadExchange(world) : null;
        List<double[][]> reference = BatchNormReferenceTest.workers(world, k -> {
            double[] y = new double[rows[k] * F], dx = new double[rows[k] * F], dg = new double[F], db = new double[F];
            BatchNormKernel.Exchange e = refEx == null ? null : refEx.worker(k);
            BatchNormReference.Saved s = BatchNormReference.forward(x[k], rows[k], F, gamma, beta, EPS, ghost > 0 ? ghost : rows[k], e, y);
            BatchNormReference.backward(dy[k], s, gamma, e, dx, dg, db);
            return new double[][] {y, dx, dg, db, s.batch.mean(), s.batch.variance()};
        });
        List<double[][]> kernel = BatchNormReferenceTest.workers(world, k -> {
            FloatBuffer y = NdArrays.direct(rows[k] * F), dx = NdArrays.direct(rows[k] * F);
            float[] xhat = new float[rows[k] * F];
            FloatBuffer dg = NdArrays.direct(F), db = NdArrays.direct(F);
            BatchNormKernel.Exchange e = kerEx == null ? null : kerEx.worker(k);
            BatchNormKernel.Saved s = BatchNormKernel.forward(floats(x[k]), rows[k], F, floats(gamma), floats(beta), EPS,
                    ghost > 0 ? ghost : rows[k], e, y, xhat);
            BatchNormKernel.backward(floats(dy[k]), s, floats(gamma), dx, dg, db);
            return new double[][] {doubles(y), doubles(dx), doubles(dg), doubles(db), s.batch.mean(), s.batch.variance()};
        });
        String[] what = {"y", "dL/dx", "dL/dgamma", "dL/dbeta", "batch mean", "batch variance"};
        for (int k = 0; k < world; k++) {
            for (int a = 0; a < what.length; a++) {
                double[] ref = reference.get(k)[a], ker = kernel.get(k)[a];
                double scale = 0;
                for (double v : ref) scale = Math.max(scale, Math.abs(v));
                for (int i = 0; i < ref.length; i++) {
                    assertEquals(ref[i], ker[i], 2e-6 * Math.max(1, scale), what[a] + ", worker " + k + ", element " + i);
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void withoutAnInputGradientOnlyGammaAndBetaAreWritten() {
        Random r = new Random(4);
        double[] x = BatchNormReferenceTest.random(r, 8 * F, 1, 0), dy = BatchNormReferenceTest.random(r, 8 * F, 1, 0);
        FloatBuffer g = floats(new double[] {1, 1, 1, 1, 1}), b = floats(new double[F]);
        BatchNormKernel.Saved s = BatchNormKernel.forward(floats(x), 8, F, g, b, EPS, 8, null, NdArrays.direct(8 * F), null);
        FloatBuffer dg = NdArrays.direct(F), db = NdArrays.direct(F);
        BatchNormKernel.backward(floats(dy), s, g, null, dg, db);
        double sum = 0;
        for (int i = 0; i < 8; i++) sum += dy[i * F];
        assertEquals(sum, db.get(0), 1e-5);
    }

    static double[] doubles(FloatBuffer b) {
        double[] d = new double[b.capacity()];
        for (int i = 0; i < d.length; i++) d[i] = b.get(i);
        return d;
    }
}
