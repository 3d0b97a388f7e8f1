package bnsweep.engine.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bnsweep.bn.BatchNorm;
import bnsweep.bn.BnMode;
import bnsweep.engine.ModelState;
import bnsweep.model.Activation;
import bnsweep.model.BnPlacement;
import bnsweep.model.Initialisation;
import bnsweep.model.NetworkFactory;
import bnsweep.model.NetworkSpec;
import bnsweep.model.UpdaterSpec;
import bnsweep.shard.WorkerShard;
import bnsweep.testutil.SyntheticData;
import bnsweep.util.NdArrays;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * bnsweep's inference pass equals DL4J's {@code output} (softmax outputs) and {@code feedForward}
 * (every layer's input, as precise BN reads them) in inference mode, after training moved the
 * weights and BN's running statistics away from their initial values.
 */
class DenseInferenceTest {
    @ParameterizedTest(name = "{0}, bn {1}, {2}, input BN {3}, dropout {4}")
    @CsvSource({"relu, none, before-activation, false, 0", "tanh, local, before-activation, false, 0.2", "elu, local, after-activation, true, 0",
            "sigmoid, sync, before-activation, true, 0.5", "leakyrelu, ghost, after-activation, false, 0"})
    void equalsDl4jsInference(String act, String bn, String placement, boolean inputBn, double dropout) {
        BnMode mode = BnMode.fromId(bn);
        NetworkSpec spec = new NetworkSpec(12, 5, new int[] {9, 6}, Activation.fromId(act), mode.batchNorm(), new UpdaterSpec("adam", 0.05, 0.9), 3,
                BnPlacement.fromId(placement), inputBn, dropout, 0.2, Initialisation.DEFAULT);
        MultiLayerNetwork net = NetworkFactory.initialise(spec, f -> BatchNorm.of(f, mode, 4));
        WorkerShard shard = SyntheticData.shard(0, 240, 12, 5, 2);
        DenseStep step = DenseStep.of(net, 8);
        int[] order = shard.epochOrder(1, 1, true);
        step.pull();
        for (int s = 0; s < 30; s++) step.fit(shard, order, s * 8, null, null, new SplittableRandom(s));
        step.push();
        MultiLayerNetwork ref = new MultiLayerNetwork(net.getLayerWiseConfigurations().clone());
        ref.init();
        ModelState.of(net).loadInto(ref);

        int rows = 100;
        DenseInference inference = DenseInference.of(net, 128);
        INDArray x = shard.rows(0, rows);
        for (int layer = 0; layer <= inference.layers(); layer++) {
            shard.copyRows(0, rows, inference.input());
            FloatBuffer got = inference.forward(rows, layer);
            // each layer's input from a pass that stops there: DL4J's activation layers overwrite their input in place
            float[] expected = NdArrays.read(layer == 0 ? x : ref.feedForwardToLayer(layer - 1, x, false).get(layer));
            assertEquals(expected.length, rows * inference.width(layer));
            for (int q = 0; q < expected.length; q++) {
                assertEquals(expected[q], got.get(q), 2e-5 * Math.max(1, Math.abs(expected[q])), "input of layer " + layer + ", value " + q);
            }
        }
    }
}
