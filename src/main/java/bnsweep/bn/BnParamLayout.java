package bnsweep.bn;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where each BatchNormalization layer keeps its running statistics in a network's flattened
 * parameter vector, and DL4J's parameterisation of them (see Dl4jBatchNormSemanticsTest): the
 * running mean as {@code mean}, the running variance v either as {@code var} or, by default, as
 * {@code log10stdev} = log10(sqrt(v)). Inference normalises by sqrt(v + eps).
 */
public final class BnParamLayout implements Serializable {
    /** One BN layer: its DL4J layer index, offsets of its mean and variance entries, feature count. */
    record Layer(int layerIndex, int meanOffset, int varOffset, int features, boolean logStd, double decay, boolean shared)
            implements Serializable {}

    private final List<Layer> layers;

    private BnParamLayout(List<Layer> layers) {
        this.layers = layers;
    }

    public static BnParamLayout of(MultiLayerNetwork net) {
        List<Layer> layers = new ArrayList<>();
        Map<String, INDArray> table = net.paramTable();
        int offset = 0;
        Integer meanAt = null;
        for (Map.Entry<String, INDArray> e : table.entrySet()) {
            String key = e.getKey();
            int layer = Integer.parseInt(key.substring(0, key.indexOf('_')));
            String name = key.substring(key.indexOf('_') + 1);
            int n = (int) e.getValue().length();
            if (name.equals(BatchNormalizationParamInitializer.GLOBAL_MEAN)) meanAt = offset;
            if (name.equals(BatchNormalizationParamInitializer.GLOBAL_LOG_STD) || name.equals(BatchNormalizationParamInitializer.GLOBAL_VAR)) {
                BatchNormalization conf = (BatchNormalization) net.getLayerWiseConfigurations().getConf(layer).getLayer();
                boolean shared = conf instanceof BatchNorm b && b.runningStatisticsShared();
                layers.add(new Layer(layer, meanAt, offset, n, name.equals(BatchNormalizationParamInitializer.GLOBAL_LOG_STD),
                        conf.getDecay(), shared));
            }
            offset += n;
        }
        if (offset != net.numParams()) throw new IllegalStateException("parameter table does not cover the flattened parameters");
        return new BnParamLayout(List.copyOf(layers));
    }

    /** Number of BN layers. */
    public int size() {
        return layers.size();
    }

    /** DL4J layer index of the b-th BN layer. */
    public int layerIndex(int b) {
        return layers.get(b).layerIndex();
    }

    /** Features of BN layer b. */
    public int features(int b) {
        return layers.get(b).features();
    }

    /** Decay of BN layer b's running averages (running = decay running + (1 - decay) batch). */
    public double decay(int b) {
        return layers.get(b).decay();
    }

    /** Whether BN layer b's running statistics are equal on every worker by construction (its mode is {@code sync}). */
    public boolean shared(int b) {
        return layers.get(b).shared();
    }

    /** Features of every BN layer, in order. */
    public int[] features() {
        return layers.stream().mapToInt(Layer::features).toArray();
    }

    /** The part of the flattened parameters that holds BN layer b's running statistics, and its offset. */
    public int statsFrom(int b) {
        Layer l = layers.get(b);
        return Math.min(l.meanOffset(), l.varOffset());
    }

    public int statsLength(int b) {
        Layer l = layers.get(b);
        return Math.max(l.meanOffset(), l.varOffset()) + l.features() - statsFrom(b);
    }

    /** The running mean of BN layer b in a flattened parameter vector. */
    public double[] mean(float[] params, int b) {
        return mean(params, b, 0);
    }

    /** As {@link #mean(float[], int)}, for a slice of the parameters that starts at flattened offset {@code base}. */
    double[] mean(float[] params, int b, int base) {
        Layer l = layers.get(b);
        double[] m = new double[l.features()];
        for (int j = 0; j < m.length; j++) m[j] = params[l.meanOffset() - base + j];
        return m;
    }

    /** The running variance v of BN layer b. */
    public double[] variance(float[] params, int b) {
        return variance(params, b, 0);
    }

    double[] variance(float[] params, int b, int base) {
        Layer l = layers.get(b);
        double[] v = new double[l.features()];
        for (int j = 0; j < v.length; j++) {
            double p = params[l.varOffset() - base + j];
            v[j] = l.logStd() ? Math.pow(10, 2 * p) : p;
        }
        return v;
    }

    /** Every BN layer's running statistics, from flattened parameters, packed as {@link BnStatistics#flatten} does. */
    public float[] statistics(float[] params) {
        BnStatistics[] out = new BnStatistics[layers.size()];
        for (int b = 0; b < out.length; b++) out[b] = new BnStatistics(mean(params, b), variance(params, b));
        return BnStatistics.flatten(out);
    }

    /** Writes statistics packed as {@link BnStatistics#flatten} does into flattened parameters. */
    public void writeStatistics(float[] params, float[] statistics) {
        BnStatistics[] layer = BnStatistics.split(statistics, features());
        for (int b = 0; b < layer.length; b++) write(params, b, layer[b].mean(), layer[b].variance());
    }

    /** BN position (0..size-1) of DL4J layer {@code layerIndex}, or -1. */
    public int positionOf(int layerIndex) {
        for (int b = 0; b < layers.size(); b++) if (layers.get(b).layerIndex() == layerIndex) return b;
        return -1;
    }

    /** Writes mean and variance of BN layer b into a flattened parameter vector, in DL4J's parameterisation. */
    public void write(float[] params, int b, double[] mean, double[] variance) {
        Layer l = layers.get(b);
        for (int j = 0; j < l.features(); j++) {
            params[l.meanOffset() + j] = (float) mean[j];
            double v = Math.max(variance[j], Double.MIN_NORMAL); // log10(0) would poison the parameters
            params[l.varOffset() + j] = (float) (l.logStd() ? 0.5 * Math.log10(v) : v);
        }
    }
}
