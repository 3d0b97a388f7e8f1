package bnsweep.model;

import bnsweep.util.NdArrays;
import java.io.Serializable;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network's initial Dense parameters: the hidden layers' weights drawn by {@code weights}, the
 * output layer's by {@code outputWeights}, every weight (output layer included) then multiplied
 * by {@code scale}, and the biases set by {@code biases}. He normal is DL4J's own draw (so that
 * bnsweep's default networks are what they always were); the other schemes are drawn here, layer by
 * layer, W then b, from one generator seeded with the network's seed.
 */
public record Initialisation(WeightInit weights, WeightInit outputWeights, double scale, BiasInit biases) implements Serializable {
    /** bnsweep's recipe: He normal everywhere, scale 1, zero biases. */
    public static final Initialisation DEFAULT = new Initialisation(WeightInit.HE_NORMAL, WeightInit.HE_NORMAL, 1, BiasInit.ZEROS);

    public Initialisation {
        if (!(scale > 0) || Double.isInfinite(scale)) throw new IllegalArgumentException("weight scale must be more than 0, not " + scale);
    }

    /** Overwrites the Dense layers' parameters of a network DL4J has just initialised (with He normal and zero biases). */
    void apply(MultiLayerNetwork net, long seed) {
        if (equals(DEFAULT)) return;
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<Integer> dense = NetworkFactory.denseLayerIndices(net);
        for (int k = 0; k < dense.size(); k++) {
            Layer layer = net.getLayer(dense.get(k));
            WeightInit scheme = k == dense.size() - 1 ? outputWeights : weights;
            INDArray w = layer.getParam("W");
            int fanIn = (int) w.size(0), fanOut = (int) w.size(1);
            float[] values = NdArrays.read(w);
            for (int i = 0; i < values.length; i++) {
                double v = scheme == WeightInit.HE_NORMAL ? values[i] : scheme.sample(fanIn, fanOut, rng);
                values[i] = (float) (v * scale);
            }
            NdArrays.write(values, w);
            if (layer.paramTable().containsKey("b")) {
                INDArray b = layer.getParam("b");
                float[] bias = new float[(int) b.length()];
                for (int i = 0; i < bias.length; i++) bias[i] = (float) biases.sample(fanIn, rng);
                NdArrays.write(bias, b);
            }
        }
    }
}
