package bnsweep.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NetworkFactoryTest {
    static NetworkSpec spec(boolean bn, long seed) {
        return new NetworkSpec(784, 10, new int[] {300, 100}, bnsweep.model.Activation.RELU, bn, new UpdaterSpec("adam", 1e-3, 0.9), seed);
    }

    static Layer layer(MultiLayerConfiguration c, int i) {
        return c.getConf(i).getLayer();
    }

    @Test
    void plainNetworkIsDenseReluThenSoftmax() {
        MultiLayerConfiguration c = NetworkFactory.configuration(spec(false, 1));
        assertEquals(3, c.getConfs().size());
        DenseLayer d0 = assertInstanceOf(DenseLayer.class, layer(c, 0));
        assertEquals(784, d0.getNIn());
        assertEquals(300, d0.getNOut());
        assertInstanceOf(ActivationReLU.class, d0.getActivationFn());
        assertTrue(d0.hasBias());
        OutputLayer out = assertInstanceOf(OutputLayer.class, layer(c, 2));
        assertEquals(100, out.getNIn());
        assertEquals(10, out.getNOut());
        assertInstanceOf(ActivationSoftmax.class, out.getActivationFn());
    }

    @Test
    void bnSitsBetweenEachHiddenDenseAndItsActivationNeverAfterTheOutput() {
        MultiLayerConfiguration c = NetworkFactory.configuration(spec(true, 1));
        assertEquals(7, c.getConfs().size());
        for (int block = 0; block < 2; block++) {
            DenseLayer d = assertInstanceOf(DenseLayer.class, layer(c, 3 * block));
            assertInstanceOf(ActivationIdentity.class, d.getActivationFn());
            assertFalse(d.hasBias(), "BN's beta replaces the bias");
            BatchNormalization bn = assertInstanceOf(BatchNormalization.class, layer(c, 3 * block + 1));
            assertEquals(d.getNOut(), bn.getNOut());
            ActivationLayer a = assertInstanceOf(ActivationLayer.class, layer(c, 3 * block + 2));
            assertInstanceOf(ActivationReLU.class, a.getActivationFn());
        }
        assertInstanceOf(OutputLayer.class, layer(c, 6));
        MultiLayerNetwork net = new MultiLayerNetwork(c);
        net.init();
        INDArray out = net.output(Nd4j.rand(4, 784), false);
        assertEquals(List.of(4L, 10L), List.of(out.size(0), out.size(1)));
        assertEquals(784 * 300 + 4 * 300 + 300 * 100 + 4 * 100 + 100 * 10 + 10, net.numParams());
    }

    @Test
    void twinsOfOneSeedShareEverySharedWeight() {
        MultiLayerNetwork plain = NetworkFactory.initialise(spec(false, 5));
        MultiLayerNetwork bn = NetworkFactory.initialise(spec(true, 5));
        for (int i = 0; i <= 2; i++) {
            assertEquals(plain.getLayer(i).getParam("W"), bn.getLayer(3 * i).getParam("W"), "W of dense layer " + i);
        }
        assertEquals(plain.getLayer(2).getParam("b"), bn.getLayer(6).getParam("b"));
        // and a fresh initialisation of the same spec is identical, another seed is not
        assertEquals(bn.params(), NetworkFactory.initialise(spec(true, 5)).params());
        assertNotEquals(plain.getLayer(0).getParam("W"), NetworkFactory.initialise(spec(false, 6)).getLayer(0).getParam("W"));
    }

    @Test
    void heInitialisationScale() {
        INDArray w = NetworkFactory.initialise(spec(false, 1)).getLayer(0).getParam("W");
        double std = w.stdNumber().doubleValue();
        assertEquals(Math.sqrt(2.0 / 784), std, 0.05 * Math.sqrt(2.0 / 784));
    }

    static NetworkSpec notebook(boolean bn, BnPlacement placement, boolean inputBn, double dropout) {
        return new NetworkSpec(20, 10, new int[] {12, 8}, bnsweep.model.Activation.LEAKYRELU, bn, new UpdaterSpec("sgd", 1e-3, 0), 3, placement, inputBn,
                dropout, 0.3, Initialisation.DEFAULT);
    }

    static List<String> kinds(MultiLayerConfiguration c) {
        return c.getConfs().stream().map(n -> n.getLayer().getClass().getSimpleName()).toList();
    }

    @Test
    void bnAfterTheActivationInputBnAndDropoutSitWhereTheSpecSays() {
        MultiLayerConfiguration c = NetworkFactory.configuration(notebook(true, BnPlacement.AFTER_ACTIVATION, true, 0.2));
        assertEquals(List.of("BatchNormalization", "DenseLayer", "BatchNormalization", "DropoutLayer", "DenseLayer",
                "BatchNormalization", "DropoutLayer", "OutputLayer"), kinds(c));
        assertEquals(20, ((BatchNormalization) layer(c, 0)).getNOut(), "input BN over the flattened input");
        DenseLayer d = (DenseLayer) layer(c, 1);
        assertTrue(d.hasBias(), "a Dense before its activation keeps its bias when BN comes after the activation");
        ActivationLReLU act = assertInstanceOf(ActivationLReLU.class, d.getActivationFn());
        assertEquals(0.3, act.getAlpha());
        assertEquals(0.8, ((org.deeplearning4j.nn.conf.dropout.Dropout) layer(c, 3).getIDropout()).getP(), 1e-12,
                "DL4J takes the probability of keeping a unit");
        assertEquals(List.of("BatchNormalization", "DenseLayer", "BatchNormalization", "ActivationLayer", "DenseLayer",
                        "BatchNormalization", "ActivationLayer", "OutputLayer"),
                kinds(NetworkFactory.configuration(notebook(true, BnPlacement.BEFORE_ACTIVATION, true, 0))));
        assertEquals(List.of("DenseLayer", "DropoutLayer", "DenseLayer", "DropoutLayer", "OutputLayer"),
                kinds(NetworkFactory.configuration(notebook(false, BnPlacement.AFTER_ACTIVATION, true, 0.2))), "no BN: no input BN either");
    }

    @Test
    void notebookTwinsShareDenseWeightsAndBiases() {
        MultiLayerNetwork plain = NetworkFactory.initialise(notebook(false, BnPlacement.AFTER_ACTIVATION, false, 0.2));
        MultiLayerNetwork bn = NetworkFactory.initialise(notebook(true, BnPlacement.AFTER_ACTIVATION, true, 0.2));
        List<Integer> p = NetworkFactory.denseLayerIndices(plain), b = NetworkFactory.denseLayerIndices(bn);
        assertEquals(List.of(0, 2, 4), p);
        assertEquals(List.of(1, 4, 7), b);
        for (int i = 0; i < 3; i++) {
            assertEquals(plain.getLayer(p.get(i)).getParam("W"), bn.getLayer(b.get(i)).getParam("W"));
            assertEquals(plain.getLayer(p.get(i)).getParam("b"), bn.getLayer(b.get(i)).getParam("b"));
        }
    }

    @Test
    void dropoutActsInTrainingOnly() {
        MultiLayerNetwork with = NetworkFactory.initialise(notebook(false, BnPlacement.BEFORE_ACTIVATION, false, 0.5));
        MultiLayerNetwork without = NetworkFactory.initialise(notebook(false, BnPlacement.BEFORE_ACTIVATION, false, 0));
        assertEquals(without.params(), with.params(), "dropout has no parameters; same seed, same weights");
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 64, 20);
        assertEquals(without.output(x, false), with.output(x, false), "inference: no dropout");
        INDArray a = with.output(x, true), b = with.output(x, true);
        assertNotEquals(without.output(x, false), a, "training: units dropped");
        assertNotEquals(a, b, "a new mask every pass");
    }

    @Test
    void rejectsBadSpecs() {
        UpdaterSpec adam = new UpdaterSpec("adam", 1e-3, 0.9);
        assertThrows(IllegalArgumentException.class, () -> new NetworkSpec(784, 10, new int[0], bnsweep.model.Activation.RELU, false, adam, 1));
        assertThrows(IllegalArgumentException.class, () -> new NetworkSpec(784, 10, new int[] {0}, bnsweep.model.Activation.RELU, false, adam, 1));
        assertThrows(IllegalArgumentException.class, () -> bnsweep.model.Activation.fromId("swish"));
        assertThrows(IllegalArgumentException.class, () -> new UpdaterSpec("rmsprop", 1e-3, 0));
    }
}
