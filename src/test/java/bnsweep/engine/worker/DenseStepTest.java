package bnsweep.engine.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import bnsweep.bn.BatchNorm;
import bnsweep.bn.BnMode;
import bnsweep.engine.ModelState;
import bnsweep.model.Activation;
import bnsweep.model.BiasInit;
import bnsweep.model.BnPlacement;
import bnsweep.model.Initialisation;
import bnsweep.model.NetworkFactory;
import bnsweep.model.NetworkSpec;
import bnsweep.model.UpdaterSpec;
import bnsweep.model.WeightInit;
import bnsweep.shard.WorkerShard;
import bnsweep.testutil.SyntheticData;
import bnsweep.util.NdArrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * bnsweep's training step equals DL4J's {@code MultiLayerNetwork.fit} on the same weights and
 * minibatches, step after step: parameters (BN's running statistics included), the updater's state,
 * the iteration count and the minibatch loss, for every activation, updater, BN placement and mode
 * (local, ghost; sync through the distributed equivalence tests), input BN, dropout (with DL4J given
 * the same masks) and initialisation a sweep can express.
 */
class DenseStepTest {
    static final int FEATURES = 12, CLASSES = 4, BATCH = 8, STEPS = 12;

    /** DL4J's dropout with the masks bnsweep's step draws: from a SplittableRandom the test seeds per step, value by value. */
    static final class SameMasks implements IDropout {
        static SplittableRandom rng;
        private final double keep;
        private transient float[] mask;

        SameMasks(double keep) {
            this.keep = keep;
        }

        @Override
        public INDArray applyDropout(INDArray in, INDArray out, int iteration, int epoch, LayerWorkspaceMgr mgr) {
            float[] x = NdArrays.read(in);
            mask = new float[x.length];
            for (int q = 0; q < x.length; q++) {
                mask[q] = rng.nextDouble() < keep ? (float) (1 / keep) : 0f;
                x[q] *= mask[q];
            }
            NdArrays.write(x, out);
            return out;
        }

        @Override
        public INDArray backprop(INDArray gradAtOutput, INDArray gradAtInput, int iteration, int epoch) {
            float[] g = NdArrays.read(gradAtOutput);
            for (int q = 0; q < g.length; q++) g[q] *= mask[q];
            NdArrays.write(g, gradAtInput);
            return gradAtInput;
        }

        @Override
        public void clear() {
            mask = null;
        }

        @Override
        public IDropout clone() {
            return new SameMasks(keep);
        }
    }

    static Stream<Arguments> networks() {
        UpdaterSpec adam = new UpdaterSpec("adam", 0.01, 0.9), sgd = new UpdaterSpec("sgd", 0.05, 0), nesterov = new UpdaterSpec("sgd", 0.05, 0.9);
        return Stream.of(
                Arguments.of("relu, no BN, adam", Activation.RELU, BnMode.NONE, BnPlacement.BEFORE_ACTIVATION, false, 0.0, adam, Initialisation.DEFAULT),
                Arguments.of("tanh, no BN, sgd", Activation.TANH, BnMode.NONE, BnPlacement.BEFORE_ACTIVATION, false, 0.0, sgd, Initialisation.DEFAULT),
                Arguments.of("sigmoid, no BN, nesterov", Activation.SIGMOID, BnMode.NONE, BnPlacement.BEFORE_ACTIVATION, false, 0.0, nesterov,
                        new Initialisation(WeightInit.GLOROT_UNIFORM, WeightInit.GLOROT_UNIFORM, 1, BiasInit.TORCH_DEFAULT)),
                Arguments.of("leakyrelu, BN local, adam", Activation.LEAKYRELU, BnMode.LOCAL, BnPlacement.BEFORE_ACTIVATION, false, 0.0, adam,
                        Initialisation.DEFAULT),
                Arguments.of("elu, BN after activation, input BN, nesterov", Activation.ELU, BnMode.LOCAL, BnPlacement.AFTER_ACTIVATION, true, 0.0,
                        nesterov, new Initialisation(WeightInit.TORCH_DEFAULT, WeightInit.LECUN_NORMAL, 2, BiasInit.TORCH_DEFAULT)),
                Arguments.of("relu, ghost BN, input BN, sgd", Activation.RELU, BnMode.GHOST, BnPlacement.BEFORE_ACTIVATION, true, 0.0, sgd,
                        Initialisation.DEFAULT),
                Arguments.of("relu, no BN, dropout 0.3, adam", Activation.RELU, BnMode.NONE, BnPlacement.BEFORE_ACTIVATION, false, 0.3, adam,
                        Initialisation.DEFAULT),
                Arguments.of("tanh, BN local, dropout 0.5, adam", Activation.TANH, BnMode.LOCAL, BnPlacement.BEFORE_ACTIVATION, false, 0.5, adam,
                        Initialisation.DEFAULT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void equalsDl4jsFitStepAfterStep(String name, Activation act, BnMode bn, BnPlacement placement, boolean inputBn, double dropout, UpdaterSpec updater,
                                    Initialisation init) {
        NetworkSpec spec = new NetworkSpec(FEATURES, CLASSES, new int[] {10, 7}, act, bn.batchNorm(), updater, 5, placement, inputBn, dropout, 0.3, init);
        MultiLayerNetwork net = NetworkFactory.initialise(spec, f -> BatchNorm.of(f, bn, BATCH / 2, 1e-3, 0.2));
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations().clone();
        for (int i = 0; i < conf.getConfs().size(); i++) {
            if (conf.getConf(i).getLayer() instanceof DropoutLayer d) d.setIDropout(new SameMasks(1 - dropout));
        }
        MultiLayerNetwork ref = new MultiLayerNetwork(conf);
        ref.init();
        ModelState.of(net).loadInto(ref);
        DenseStep step = DenseStep.of(net, BATCH);
        assertNotNull(step, name + ": the step covers this network");
        WorkerShard shard = SyntheticData.shard(0, STEPS * BATCH, FEATURES, CLASSES, 9);
        int[] order = shard.epochOrder(3, 1, true);
        for (int s = 0; s < STEPS; s++) {
            SameMasks.rng = new SplittableRandom(100 + s);
            step.pull();
            double loss = step.fit(shard, order, s * BATCH, null, null, new SplittableRandom(100 + s));
            step.push();
            ref.fit(shard.batch(order, s * BATCH, (s + 1) * BATCH));
            assertEquals(ref.score(), loss, 1e-5, name + ": loss of step " + s);
            assertClose(NdArrays.read(ref.params()), NdArrays.read(net.params()), name + ": parameters after step " + s);
            INDArray refState = ModelState.updaterView(ref);
            if (refState != null) assertClose(NdArrays.read(refState), NdArrays.read(ModelState.updaterView(net)), name + ": updater state after step " + s);
            assertEquals(ref.getLayerWiseConfigurations().getIterationCount(), net.getLayerWiseConfigurations().getIterationCount());
        }
    }

    static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 2e-5 * Math.max(1, Math.abs(expected[i])), what + ", element " + i);
        }
    }

    /** DL4J's own BN layer, a layer the step does not cover: it says so, and the worker trains through DL4J. */
    @Test
    void aNetworkWithALayerItDoesNotCoverIsLeftToDl4j() {
        NetworkSpec spec = new NetworkSpec(FEATURES, CLASSES, new int[] {6}, Activation.RELU, true, new UpdaterSpec("adam", 0.01, 0.9), 1);
        assertNull(DenseStep.of(NetworkFactory.initialise(spec), BATCH));
        assertNotNull(DenseStep.of(NetworkFactory.initialise(spec, f -> BatchNorm.of(f, BnMode.LOCAL, 0)), BATCH));
    }
}
