package bnsweep.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.bn.BatchNorm;
import bnsweep.bn.BnMode;
import java.util.Arrays;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each weight and bias scheme draws from the distribution its formula states: mean, variance and range of many draws. */
class InitialisationTest {
    static final int IN = 400, HIDDEN = 300, OUT = 10;

    static MultiLayerNetwork net(Initialisation init, boolean bn, long seed) {
        NetworkSpec spec = new NetworkSpec(IN, OUT, new int[] {HIDDEN}, bnsweep.model.Activation.RELU, bn, new UpdaterSpec("sgd", 0.01, 0), seed,
                BnPlacement.AFTER_ACTIVATION, bn, 0, 0.01, init);
        return NetworkFactory.initialise(spec, f -> BatchNorm.of(f, BnMode.LOCAL, 0));
    }

    static double[] values(MultiLayerNetwork net, int layer, String param) {
        float[] f = net.getLayer(layer).getParam(param).dup().data().asFloat();
        return java.util.stream.IntStream.range(0, f.length).mapToDouble(i -> f[i]).toArray();
    }

    /** The variance each scheme's formula gives a layer of fan_in, fan_out; and the bound of its values (infinite for a normal). */
    static double[] varianceAndBound(WeightInit w, int fanIn, int fanOut) {
        return switch (w) {
            case HE_NORMAL -> new double[] {2.0 / fanIn, Double.POSITIVE_INFINITY};
            case HE_NORMAL_TRUNCATED -> new double[] {2.0 / fanIn, 2 * Math.sqrt(2.0 / fanIn) / WeightInit.TRUNCATED_STD};
            case GLOROT_UNIFORM -> new double[] {2.0 / (fanIn + fanOut), Math.sqrt(6.0 / (fanIn + fanOut))};
            case GLOROT_NORMAL -> new double[] {2.0 / (fanIn + fanOut), Double.POSITIVE_INFINITY};
            case LECUN_NORMAL -> new double[] {1.0 / fanIn, Double.POSITIVE_INFINITY};
            case TORCH_DEFAULT -> new double[] {1.0 / (3 * fanIn), 1 / Math.sqrt(fanIn)};
        };
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(WeightInit.class)
    void weightsHaveTheMeanVarianceAndRangeOfTheirFormula(WeightInit scheme) {
        double scale = 3;
        MultiLayerNetwork net = net(new Initialisation(scheme, WeightInit.GLOROT_UNIFORM, scale, BiasInit.ZEROS), false, 11);
        double[] w = values(net, 0, "W"), expected = varianceAndBound(scheme, IN, HIDDEN);
        double mean = Arrays.stream(w).average().orElseThrow(), var = Arrays.stream(w).map(x -> (x - mean) * (x - mean)).sum() / w.length;
        double sd = Math.sqrt(expected[0]) * scale;
        assertEquals(0, mean, 4 * sd / Math.sqrt(w.length), "mean");
        assertEquals(expected[0] * scale * scale, var, 0.02 * expected[0] * scale * scale, "variance (120,000 draws: ±2%)");
        double max = Arrays.stream(w).map(Math::abs).max().orElseThrow();
        if (Double.isFinite(expected[1])) {
            assertTrue(max <= expected[1] * scale * (1 + 1e-6), "all within the bound " + expected[1] * scale + ", max " + max);
            assertTrue(max >= 0.99 * expected[1] * scale, "the bound is reached, max " + max);
        } else {
            assertTrue(max > 3.5 * sd, "an untruncated normal has tails beyond 3.5σ, max " + max / sd + "σ");
        }
        // the output layer follows output-weight-init (Glorot uniform here), scaled as well
        double[] out = values(net, 1, "W"), outBound = varianceAndBound(WeightInit.GLOROT_UNIFORM, HIDDEN, OUT);
        assertTrue(Arrays.stream(out).map(Math::abs).max().orElseThrow() <= outBound[1] * scale * (1 + 1e-6));
        assertEquals(outBound[0] * scale * scale, Arrays.stream(out).map(x -> x * x).average().orElseThrow(), 0.1 * outBound[0] * scale * scale);
    }

    @Test
    void biasesAreZeroOrPytorchsUniform() {
        MultiLayerNetwork zeros = net(new Initialisation(WeightInit.GLOROT_UNIFORM, WeightInit.GLOROT_UNIFORM, 1, BiasInit.ZEROS), false, 2);
        assertTrue(Arrays.stream(values(zeros, 0, "b")).allMatch(b -> b == 0));
        MultiLayerNetwork torch = net(new Initialisation(WeightInit.TORCH_DEFAULT, WeightInit.TORCH_DEFAULT, 1, BiasInit.TORCH_DEFAULT), false, 2);
        double[] b = values(torch, 0, "b");
        double bound = 1 / Math.sqrt(IN);
        assertTrue(Arrays.stream(b).allMatch(x -> Math.abs(x) <= bound * (1 + 1e-6)));
        assertEquals(bound * bound / 3, Arrays.stream(b).map(x -> x * x).average().orElseThrow(), 0.25 * bound * bound / 3);
        double[] outBias = values(torch, 1, "b");
        assertTrue(Arrays.stream(outBias).allMatch(x -> Math.abs(x) <= 1 / Math.sqrt(HIDDEN) * (1 + 1e-6)) && outBias[0] != 0);
    }

    @Test
    void heNormalAtScaleOneIsDl4jsOwnDrawAndAScaleMultipliesIt() {
        double[] dl4j = values(net(Initialisation.DEFAULT, false, 4), 0, "W");
        double[] scaled = values(net(new Initialisation(WeightInit.HE_NORMAL, WeightInit.HE_NORMAL, 0.5, BiasInit.ZEROS), false, 4), 0, "W");
        for (int i = 0; i < dl4j.length; i += 97) assertEquals(dl4j[i] * 0.5, scaled[i], 1e-7);
    }

    @Test
    void aBnNetworkStartsFromTheWeightsOfItsPlainTwinUnderEveryScheme() {
        Initialisation init = new Initialisation(WeightInit.HE_NORMAL_TRUNCATED, WeightInit.GLOROT_UNIFORM, 1, BiasInit.TORCH_DEFAULT);
        MultiLayerNetwork plain = net(init, false, 6), bn = net(init, true, 6);
        // with input BN and BN after the activation: BN(400), Dense(300), BN(300), Output
        assertEquals(plain.getLayer(0).getParam("W"), bn.getLayer(1).getParam("W"));
        assertEquals(plain.getLayer(0).getParam("b"), bn.getLayer(1).getParam("b"));
        assertEquals(plain.getLayer(1).getParam("W"), bn.getLayer(3).getParam("W"));
        assertNotEquals(plain.getLayer(0).getParam("W"), net(init, false, 7).getLayer(0).getParam("W"), "another seed, other weights");
    }
}
