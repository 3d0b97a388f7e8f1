package bnsweep.model;

import java.util.function.IntFunction;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Turns a {@link NetworkSpec} into DL4J configurations and initialised networks.
 *
 * <p>Without BN, hidden layer i is {@code Dense(activation)}. With BN it is three DL4J layers:
 * {@code Dense(identity, no bias) -> BatchNormalization -> Activation}; BN's beta takes the place of
 * the bias. The output layer (softmax, cross-entropy) is never followed by BN. Weights use He
 * initialisation (DL4J {@code WeightInit.RELU}: N(0, 2/fan_in)).
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

    /** The configuration, with {@code bnLayer} giving the BN layer of a hidden block of n features. */
    public static MultiLayerConfiguration configuration(NetworkSpec spec, IntFunction<Layer> bnLayer) {
        Activation act = activation(spec.activation());
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(spec.seed())
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.RELU)
                .updater(spec.updater().toDl4j())
                .list();
        int in = spec.inputs();
        for (int h : spec.hidden()) {
            if (spec.batchNorm()) {
                b.layer(new DenseLayer.Builder().nIn(in).nOut(h).activation(Activation.IDENTITY).hasBias(false).build());
                b.layer(bnLayer.apply(h));
                b.layer(new ActivationLayer.Builder().activation(act).build());
            } else {
                b.layer(new DenseLayer.Builder().nIn(in).nOut(h).activation(act).build());
            }
            in = h;
        }
        b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nIn(in).nOut(spec.classes()).activation(Activation.SOFTMAX).build());
        return b.build();
    }

    /** DL4J layer index of hidden block i's Dense layer, and of the output layer (i == hidden.length). */
    public static int denseLayerIndex(NetworkSpec spec, int i) {
        return spec.batchNorm() ? 3 * i : i;
    }

    /** DL4J layer index of hidden block i's BatchNormalization layer (BN networks only). */
    public static int batchNormLayerIndex(int i) {
        return 3 * i + 1;
    }

    /**
     * A freshly initialised network. The BN and non-BN twins of one seed share their initial
     * weights: both take every Dense weight matrix (and the output bias) from the non-BN
     * network initialised with that seed.
     */
    public static MultiLayerNetwork initialise(NetworkSpec spec) {
        return initialise(spec, NetworkFactory::standardBatchNorm);
    }

    /** As {@link #initialise(NetworkSpec)}, with {@code bnLayer} giving the BN layers. */
    public static MultiLayerNetwork initialise(NetworkSpec spec, IntFunction<Layer> bnLayer) {
        MultiLayerNetwork plain = new MultiLayerNetwork(configuration(spec.withBatchNorm(false)));
        plain.init();
        if (!spec.batchNorm()) return plain;
        MultiLayerNetwork bn = new MultiLayerNetwork(configuration(spec, bnLayer));
        bn.init();
        int layers = spec.hidden().length;
        for (int i = 0; i <= layers; i++) {
            bn.getLayer(denseLayerIndex(spec, i)).getParam("W").assign(plain.getLayer(i).getParam("W"));
        }
        bn.getLayer(denseLayerIndex(spec, layers)).getParam("b").assign(plain.getLayer(layers).getParam("b"));
        return bn;
    }

    static Activation activation(String name) {
        return switch (name) {
            case "relu" -> Activation.RELU;
            case "tanh" -> Activation.TANH;
            case "sigmoid" -> Activation.SIGMOID;
            case "leakyrelu" -> Activation.LEAKYRELU;
            case "elu" -> Activation.ELU;
            default -> throw new IllegalArgumentException("unknown activation " + name);
        };
    }
}
