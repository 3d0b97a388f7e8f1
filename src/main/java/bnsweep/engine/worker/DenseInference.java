package bnsweep.engine.worker;

import bnsweep.util.Blas;
import bnsweep.util.NdArrays;
import java.nio.FloatBuffer;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The inference-mode forward pass of the networks {@link DenseStep} trains, on the network's own
 * parameters, for evaluation and precise BN: Dense layers through OpenBLAS, BN with its running
 * statistics as DL4J's BatchNormalization computes it in inference (var = (10^log10std)², y = γ·(x −
 * mean)/√(var + ε) + β, in float), dropout as the identity, a softmax at the end. Equal to DL4J's
 * {@code output(x, false)} to float rounding ({@code DenseInferenceTest}). For chunks of up to
 * {@code maxRows} rows; not thread-safe: one per worker and network.
 */
final class DenseInference {
    private final DensePlan plan;
    private final FloatBuffer params, input;
    private final FloatBuffer[] out;
    private final int maxRows;

    private DenseInference(MultiLayerNetwork net, DensePlan plan, int maxRows) {
        this.plan = plan;
        this.maxRows = maxRows;
        params = NdArrays.memory(net.params());
        input = NdArrays.direct(maxRows * plan.inputs());
        out = new FloatBuffer[plan.ops().size()];
        for (int k = 0; k < out.length; k++) out[k] = NdArrays.direct(maxRows * plan.ops().get(k).width());
    }

    /** The inference pass of {@code net} for chunks of up to {@code maxRows}, or null when its plan does not cover the network. */
    static DenseInference of(MultiLayerNetwork net, int maxRows) {
        DensePlan plan = DensePlan.of(net);
        return plan == null ? null : new DenseInference(net, plan, maxRows);
    }

    /** Where to put the rows (row-major, {@code inputs} per row) before {@link #forward}. */
    FloatBuffer input() {
        return input;
    }

    /**
     * Runs the layers before DL4J layer {@code layer} on the first {@code rows} rows of {@link #input}
     * and returns that layer's input (the network's input for layer 0); with {@code layer} = the number
     * of layers, the softmax outputs.
     */
    FloatBuffer forward(int rows, int layer) {
        if (rows > maxRows) throw new IllegalArgumentException(rows + " rows, at most " + maxRows);
        List<DensePlan.Op> ops = plan.ops();
        for (int k = 0; k < layer; k++) {
            FloatBuffer x = k == 0 ? input : out[k - 1], y = out[k];
            DensePlan.Op op = ops.get(k);
            int n = rows * op.width();
            if (op instanceof DensePlan.Dense d) {
                Blas.gemm(false, true, rows, d.width(), d.in(), 1f, x, d.in(), NdArrays.slice(params, d.w(), d.in() * d.width()), d.in(), 0f, y,
                        d.width());
                if (d.b() >= 0) {
                    for (int i = 0, q = 0; i < rows; i++) for (int j = 0; j < d.width(); j++, q++) y.put(q, y.get(q) + params.get(d.b() + j));
                }
                if (d.act() != null) d.act().apply(y, 0, n, d.alpha());
                if (d.output()) softmax(y, rows, d.width());
            } else if (op instanceof DensePlan.Norm nm) {
                int f = nm.width();
                float eps = (float) nm.conf().getEps();
                float[] mean = new float[f], std = new float[f], gamma = new float[f], beta = new float[f];
                for (int j = 0; j < f; j++) {
                    mean[j] = params.get(nm.mean() + j);
                    float s = params.get(nm.stat() + j);
                    float var = nm.conf().isUseLogStd() ? (float) Math.pow(10, s) : s;
                    if (nm.conf().isUseLogStd()) var *= var;
                    std[j] = (float) Math.sqrt(var + eps);
                    gamma[j] = params.get(nm.gamma() + j);
                    beta[j] = params.get(nm.beta() + j);
                }
                for (int i = 0, q = 0; i < rows; i++) for (int j = 0; j < f; j++, q++) y.put(q, (x.get(q) - mean[j]) / std[j] * gamma[j] + beta[j]);
            } else if (op instanceof DensePlan.Act a) {
                for (int q = 0; q < n; q++) y.put(q, x.get(q));
                a.act().apply(y, 0, n, a.alpha());
            } else {
                for (int q = 0; q < n; q++) y.put(q, x.get(q)); // dropout: the identity in inference
            }
        }
        return layer == 0 ? input : out[layer - 1];
    }

    int layers() {
        return plan.ops().size();
    }

    /** Values per row of what {@link #forward}{@code (rows, layer)} returns. */
    int width(int layer) {
        return layer == 0 ? plan.inputs() : plan.ops().get(layer - 1).width();
    }

    private static void softmax(FloatBuffer z, int rows, int classes) {
        for (int i = 0, row = 0; i < rows; i++, row += classes) {
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) max = Math.max(max, z.get(row + c));
            double sum = 0;
            for (int c = 0; c < classes; c++) sum += Math.exp(z.get(row + c) - max);
            for (int c = 0; c < classes; c++) z.put(row + c, (float) (Math.exp(z.get(row + c) - max) / sum));
        }
    }
}
