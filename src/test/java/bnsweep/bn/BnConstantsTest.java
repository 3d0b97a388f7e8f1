package bnsweep.bn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.model.BnPlacement;
import bnsweep.model.Initialisation;
import bnsweep.model.NetworkFactory;
import bnsweep.model.NetworkSpec;
import bnsweep.model.UpdaterSpec;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ε and the running-average rate of bnsweep's BN layer do what {@code bn-epsilon} and
 * {@code bn-running-rate} say: the input BN layer (layer 0) of a network sees the raw inputs, so
 * its normalisation and its running statistics can be computed by hand.
 */
class BnConstantsTest {
    static final int F = 6, B = 8;

    static MultiLayerNetwork net(double eps, double rate) {
        NetworkSpec spec = new NetworkSpec(F, 3, new int[] {5}, bnsweep.model.Activation.RELU, true, new UpdaterSpec("sgd", 0.01, 0), 9,
                BnPlacement.BEFORE_ACTIVATION, true, 0, 0.01, Initialisation.DEFAULT);
        return NetworkFactory.initialise(spec, f -> BatchNorm.of(f, BnMode.LOCAL, 0, eps, rate));
    }

    static DataSet batch(int step) {
        Random r = new Random(7 + step);
        float[] x = new float[B * F], y = new float[B * 3];
        for (int i = 0; i < B; i++) {
            y[i * 3 + r.nextInt(3)] = 1;
            for (int j = 0; j < F; j++) x[i * F + j] = (float) (r.nextGaussian() * (0.1 + j) + j);
        }
        return new DataSet(Nd4j.createFromArray(x).reshape(B, F), Nd4j.createFromArray(y).reshape(B, 3));
    }

    static double mean(INDArray x, int j) {
        double s = 0;
        for (int i = 0; i < B; i++) s += x.getDouble(i, j);
        return s / B;
    }

    static double biasedVar(INDArray x, int j) {
        double m = mean(x, j), s = 0;
        for (int i = 0; i < B; i++) s += (x.getDouble(i, j) - m) * (x.getDouble(i, j) - m);
        return s / B;
    }

    @ParameterizedTest(name = "eps = {0}")
    @ValueSource(doubles = {1e-5, 1e-3, 0.5})
    void epsilonIsAddedToTheVarianceInTrainingAndInference(double eps) {
        MultiLayerNetwork net = net(eps, 0.1);
        INDArray x = batch(0).getFeatures();
        INDArray train = net.feedForwardToLayer(0, x, true).get(1), infer = net.feedForwardToLayer(0, x, false).get(1);
        for (int i = 0; i < B; i++) {
            for (int j = 0; j < F; j++) {
                double xij = x.getDouble(i, j);
                // γ = 1, β = 0 at the start; training: the batch's moments
                assertEquals((xij - mean(x, j)) / Math.sqrt(biasedVar(x, j) + eps), train.getDouble(i, j), 2e-5 * (1 + Math.abs(xij)));
                // inference: the running statistics, initially mean 0 and variance 1
                assertEquals(xij / Math.sqrt(1 + eps), infer.getDouble(i, j), 2e-5 * (1 + Math.abs(xij)));
            }
        }
    }

    @ParameterizedTest(name = "rate = {0}")
    @ValueSource(doubles = {0.01, 0.1, 0.3})
    void runningStatisticsFollowTheHandComputedAverage(double rate) {
        MultiLayerNetwork net = net(1e-3, rate);
        double[] m = new double[F], v = new double[F];
        java.util.Arrays.fill(v, 1);
        for (int step = 0; step < 4; step++) {
            DataSet d = batch(step);
            net.fit(d);
            for (int j = 0; j < F; j++) {
                m[j] = (1 - rate) * m[j] + rate * mean(d.getFeatures(), j);
                v[j] = (1 - rate) * v[j] + rate * biasedVar(d.getFeatures(), j);
            }
        }
        INDArray mean = net.getLayer(0).getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN);
        INDArray log10std = net.getLayer(0).getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
        for (int j = 0; j < F; j++) {
            assertEquals(m[j], mean.getDouble(j), 1e-5 * (1 + Math.abs(m[j])), "running mean of feature " + j);
            assertEquals(v[j], Math.pow(10, 2 * log10std.getDouble(j)), 1e-4 * v[j], "running variance of feature " + j);
        }
        assertTrue(m[F - 1] > 0.5 * rate, "the batches' means must move the running mean");
    }
}
