package bnsweep.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Turns a {@link NetworkSpec} into DL4J configurations and initialised networks. Hidden block i,
 * as DL4J layers:
 * <ul>
 *   <li>no BN: {@code Dense(activation)};</li>
 *   <li>BN before the activation: {@code Dense(identity, no bias) -> BN -> Activation} (BN's beta
 *       takes the place of the bias);</li>
 *   <li>BN after the activation: {@code Dense(activation) -> BN};</li>
 * </ul>
 * each followed by {@code Dropout} when the spec has a dropout rate. With input BN, a BN layer over
 * the inputs comes first. The output layer (softmax, cross-entropy) is never followed by BN.
 * DL4J initialises the weights He normal (DL4J {@code WeightInit.RELU}: N(0, 2/fan_in)), biases 0;
 * the spec's {@link Initialisation} then sets them as it says.
 */
public final class NetworkFactory {
    private NetworkFactory() {}

    /** DL4J's own BatchNormalization layer of {@code features} features (decay 0.9, eps 1e-5, log10(std) kept). */
    public static Layer standardBatchNorm(int features) {
        return new BatchNormalization.Builder().nIn(features).nOut(features).build();
    }

    public static MultiLayerConfiguration configuration(NetworkSpec spec) {
        return configuration(spec, NetworkFactory::standardBatchNorm);
    }

    /** The configuration, with {@code bnLayer} giving the BN layer of n features. */
    public static MultiLayerConfiguration configuration(NetworkSpec spec, IntFunction<Layer> bnLayer) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(spec.seed())
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.RELU)
                .updater(spec.updater().toDl4j())
                .list();
        for (Layer layer : layers(spec, bnLayer)) b.layer(layer);
        return b.build();
    }

    static List<Layer> layers(NetworkSpec spec, IntFunction<Layer> bnLayer) {
        IActivation act = spec.activation().toDl4j(spec.leakyReluAlpha());
        boolean bn = spec.batchNorm();
        List<Layer> layers = new ArrayList<>();
        if (bn && spec.inputBn()) layers.add(bnLayer.apply(spec.inputs()));
        int in = spec.inputs();
        for (int h : spec.hidden()) {
            if (bn && spec.placement() == BnPlacement.BEFORE_ACTIVATION) {
                layers.add(new DenseLayer.Builder().nIn(in).nOut(h).activation(Activation.IDENTITY).hasBias(false).build());
                layers.add(bnLayer.apply(h));
                layers.add(new ActivationLayer.Builder().activation(act).build());
            } else {
                layers.add(new DenseLayer.Builder().nIn(in).nOut(h).activation(act).build());
                if (bn) layers.add(bnLayer.apply(h));
            }
            // DL4J's argument is the probability of keeping a unit; kept units are scaled by 1/keep in training.
            if (spec.dropout() > 0) layers.add(new DropoutLayer.Builder(1 - spec.dropout()).build());
            in = h;
        }
        layers.add(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nIn(in).nOut(spec.classes()).activation(Activation.SOFTMAX).build());
        return layers;
    }

    /** DL4J layer indices of the Dense layers and, last, the output layer, in order. */
    public static List<Integer> denseLayerIndices(MultiLayerNetwork net) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer conf = net.getLayerWiseConfigurations().getConf(i).getLayer();
            if (conf instanceof DenseLayer || conf instanceof OutputLayer) idx.add(i);
        }
        return idx;
    }

    /**
     * A freshly initialised network. The BN and non-BN twins of one seed share their initial
     * weights: both take every Dense weight matrix (and every bias they have) from the non-BN
     * network initialised with that seed.
     */
    public static MultiLayerNetwork initialise(NetworkSpec spec) {
        return initialise(spec, NetworkFactory::standardBatchNorm);
    }

    /** As {@link #initialise(NetworkSpec)}, with {@code bnLayer} giving the BN layers. */
    public static MultiLayerNetwork initialise(NetworkSpec spec, IntFunction<Layer> bnLayer) {
        MultiLayerNetwork plain = new MultiLayerNetwork(configuration(spec.withoutBatchNorm()));
        plain.init();
        spec.init().apply(plain, spec.seed());
        if (!spec.batchNorm()) return plain;
        MultiLayerNetwork bn = new MultiLayerNetwork(configuration(spec, bnLayer));
        bn.init();
        List<Integer> from = denseLayerIndices(plain), to = denseLayerIndices(bn);
        if (from.size() != to.size()) throw new IllegalStateException("twin networks differ in Dense layers: " + from + " vs " + to);
        for (int i = 0; i < from.size(); i++) {
            var source = plain.getLayer(from.get(i));
            var target = bn.getLayer(to.get(i));
            target.getParam("W").assign(source.getParam("W"));
            if (target.paramTable().containsKey("b")) target.getParam("b").assign(source.getParam("b"));
        }
        return bn;
    }
}
