package bnsweep.engine.worker;

import bnsweep.bn.BatchNorm;
import bnsweep.model.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * A DL4J network as the operations of bnsweep's training step ({@link DenseStep}): its layers in
 * order, each with the offsets of its parameters in the network's flattened parameters (and, the
 * layout being the same, in its flattened gradient). The networks bnsweep builds are covered
 * ({@code model.NetworkFactory}: Dense, bnsweep's BN, activation and dropout layers, a softmax
 * output with cross-entropy); for any other layer {@link #of} says so with null, and the worker
 * trains through DL4J's own fit instead.
 */
record DensePlan(List<Op> ops, int inputs, int classes) {
    sealed interface Op permits Dense, Norm, Act, Drop {
        /** Values per example this operation outputs. */
        int width();
    }

    /**
     * A Dense layer: out = act(in·W + b). {@code w}, {@code b}: offsets of W (DL4J's nIn × nOut in
     * column-major order, i.e. row-major nOut × nIn) and of the bias (−1: none); {@code act} null for
     * the identity; {@code output}: the softmax output layer (loss: cross-entropy).
     */
    record Dense(int in, int width, int w, int b, Activation act, float alpha, boolean output) implements Op {}

    /** bnsweep's BN layer (DL4J layer {@code layerIndex}) and its parameters' offsets: gamma, beta, mean, log10 std (or variance). */
    record Norm(int layerIndex, int width, BatchNorm conf, int gamma, int beta, int mean, int stat) implements Op {}

    record Act(int width, Activation act, float alpha) implements Op {}

    /** Inverted dropout: an example's value kept with probability {@code keep} and then divided by it, else 0. */
    record Drop(int width, float keep) implements Op {}

    /** The plan of {@code net}, or null when a layer is not one the step covers. */
    static DensePlan of(MultiLayerNetwork net) {
        INDArray flat = net.params();
        List<Op> ops = new ArrayList<>();
        int width = -1, inputs = -1;
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer conf = net.getLayerWiseConfigurations().getConf(i).getLayer();
            Map<String, INDArray> params = net.getLayer(i).paramTable();
            Op op;
            if (conf instanceof OutputLayer o) {
                if (!(o.getActivationFn() instanceof ActivationSoftmax) || !(o.getLossFn() instanceof LossMCXENT loss) || loss.getWeights() != null
                        || !o.hasBias() || i != net.getnLayers() - 1) {
                    return null;
                }
                op = new Dense((int) o.getNIn(), (int) o.getNOut(), offset(flat, params, DefaultParamInitializer.WEIGHT_KEY),
                        offset(flat, params, DefaultParamInitializer.BIAS_KEY), null, 0, true);
            } else if (conf instanceof DenseLayer d) {
                Fn fn = Fn.of(d.getActivationFn());
                if (fn == null) return null;
                op = new Dense((int) d.getNIn(), (int) d.getNOut(), offset(flat, params, DefaultParamInitializer.WEIGHT_KEY),
                        d.hasBias() ? offset(flat, params, DefaultParamInitializer.BIAS_KEY) : -1, fn.act, fn.alpha, false);
            } else if (conf instanceof BatchNorm n) {
                op = new Norm(i, (int) n.getNOut(), n, offset(flat, params, BatchNormalizationParamInitializer.GAMMA),
                        offset(flat, params, BatchNormalizationParamInitializer.BETA), offset(flat, params, BatchNormalizationParamInitializer.GLOBAL_MEAN),
                        offset(flat, params, n.isUseLogStd() ? BatchNormalizationParamInitializer.GLOBAL_LOG_STD
                                : BatchNormalizationParamInitializer.GLOBAL_VAR));
                if (n.isLockGammaBeta()) return null;
            } else if (conf instanceof ActivationLayer a) {
                Fn fn = Fn.of(a.getActivationFn());
                if (fn == null || fn.act == null || width < 0) return null;
                op = new Act(width, fn.act, fn.alpha);
            } else if (conf instanceof DropoutLayer d && d.getIDropout() instanceof Dropout p && p.getPSchedule() == null && width > 0) {
                op = new Drop(width, (float) p.getP());
            } else {
                return null;
            }
            int in = op instanceof Dense d ? d.in() : width < 0 ? op.width() : width;
            if (inputs < 0) inputs = in;
            if (width >= 0 && in != width) return null;
            width = op.width();
            ops.add(op);
        }
        if (ops.isEmpty() || !(ops.get(ops.size() - 1) instanceof Dense last && last.output())) return null;
        return new DensePlan(List.copyOf(ops), inputs, width);
    }

    private static int offset(INDArray flat, Map<String, INDArray> params, String key) {
        return Math.toIntExact(params.get(key).offset() - flat.offset());
    }

    /** An activation of DL4J's as the step's (null activation: the identity); null when the step does not cover it. */
    private record Fn(Activation act, float alpha) {
        static Fn of(IActivation a) {
            if (a instanceof ActivationIdentity) return new Fn(null, 0);
            if (a instanceof ActivationReLU r && r.getMax() == null && r.getThreshold() == null && r.getNegativeSlope() == null) {
                return new Fn(Activation.RELU, 0);
            }
            if (a instanceof ActivationTanH) return new Fn(Activation.TANH, 0);
            if (a instanceof ActivationSigmoid) return new Fn(Activation.SIGMOID, 0);
            if (a instanceof ActivationLReLU l) return new Fn(Activation.LEAKYRELU, (float) l.getAlpha());
            if (a instanceof ActivationELU e && e.getAlpha() == 1.0) return new Fn(Activation.ELU, 0);
            return null;
        }
    }
}
