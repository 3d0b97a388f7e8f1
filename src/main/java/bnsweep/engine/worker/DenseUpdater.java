package bnsweep.engine.worker;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Trainable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * DL4J's optimizer step on the flattened parameters, gradient and updater state of a network, in
 * one pass per block instead of DL4J's ND4J operations, with DL4J's layout and arithmetic (its blocks
 * of parameters that share an updater, and libnd4j's float formulas), so that the state it leaves is
 * the one DL4J would:
 * <pre>
 *   g ← g / b            (b the minibatch; not for BN's running statistics, whose entries are updates)
 *   Adam:       m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²,  u = m·α_t / (√v + ε),  α_t = lr·√(1 − β₂ᵗ⁺¹)/(1 − β₁ᵗ⁺¹)
 *   Nesterovs:  v' = μv − lr·g,  u = μv + (−1 − μ)v',  v ← v'
 *   Sgd:        u = lr·g          NoOp: u = g
 *   θ ← θ − u
 * </pre>
 * with t the network's iteration count before the step (DL4J's {@code AdamUpdater}, {@code
 * NesterovsUpdater}, {@code SgdUpdater}; Adam's state is m then v in each block's view).
 */
final class DenseUpdater {
    private record Block(int from, int to, int state, IUpdater config) {}

    private final List<Block> blocks;
    /** Ranges [from, to) of the gradient that are divided by the minibatch. */
    private final List<int[]> divided;
    /**
     * The updater state as two Java arrays indexed like the parameters (Adam: m and v of a parameter
     * at its own index; Nesterovs: v in the first), so that every loop of the step reads and writes one
     * index of separate arrays, which the JIT vectorises; {@link #pull} and {@link #push} copy them from
     * and to the network's updater state, in DL4J's layout (per block, m then v).
     */
    private final float[] first, second;

    private DenseUpdater(List<Block> blocks, List<int[]> divided, int params) {
        this.blocks = blocks;
        this.divided = divided;
        first = new float[params];
        second = new float[params];
    }

    /** Reads the network's updater state (its flattened view). */
    void pull(java.nio.FloatBuffer state) {
        for (Block b : blocks) {
            int n = b.to - b.from;
            if (b.config instanceof Adam || b.config instanceof Nesterovs) state.get(b.state, first, b.from, n);
            if (b.config instanceof Adam) state.get(b.state + n, second, b.from, n);
        }
    }

    /** Writes the updater state back into the network's flattened view. */
    void push(java.nio.FloatBuffer state) {
        for (Block b : blocks) {
            int n = b.to - b.from;
            if (b.config instanceof Adam || b.config instanceof Nesterovs) state.put(b.state, first, b.from, n);
            if (b.config instanceof Adam) state.put(b.state + n, second, b.from, n);
        }
    }

    /** The updater of {@code net}; null when it has an updater or regularisation this step does not apply. */
    static DenseUpdater of(MultiLayerNetwork net) {
        BaseMultiLayerUpdater<?> u = (BaseMultiLayerUpdater<?>) net.getUpdater(true);
        List<Block> blocks = new ArrayList<>();
        for (UpdaterBlock b : u.getUpdaterBlocks()) {
            IUpdater c = b.getGradientUpdater().getConfig();
            boolean covered = c instanceof NoOp || c instanceof Sgd s && s.getLearningRateSchedule() == null
                    || c instanceof Adam a && a.getLearningRateSchedule() == null
                    || c instanceof Nesterovs n && n.getLearningRateSchedule() == null && n.getMomentumISchedule() == null;
            if (!covered) return null;
            for (UpdaterBlock.ParamState p : b.getLayersAndVariablesInBlock()) {
                var conf = p.getLayer().getConfig();
                var reg = conf.getRegularizationByParam(p.getParamName());
                if (reg != null && !reg.isEmpty()) return null;
            }
            blocks.add(new Block(b.getParamOffsetStart(), b.getParamOffsetEnd(), b.getUpdaterViewOffsetStart(), c));
        }
        List<int[]> divided = new ArrayList<>();
        int at = 0;
        for (Trainable t : net.getLayers()) { // the order of the flattened parameters
            for (var e : t.paramTable(false).entrySet()) {
                int n = Math.toIntExact(e.getValue().length());
                if (t.updaterDivideByMinibatch(e.getKey())) {
                    if (!divided.isEmpty() && divided.get(divided.size() - 1)[1] == at) divided.get(divided.size() - 1)[1] = at + n;
                    else divided.add(new int[] {at, at + n});
                }
                at += n;
            }
        }
        return new DenseUpdater(List.copyOf(blocks), divided, Math.toIntExact(net.params().length()));
    }

    /**
     * One optimizer step from the gradient {@code g} (overwritten) of a minibatch of {@code batch}, at DL4J
     * iteration {@code iteration}: on Java arrays, in the layout of the network's flattened parameters
     * and updater state (simple loops the JIT compiles to vector instructions).
     */
    void step(float[] params, float[] g, int batch, int iteration) {
        float scale = 1f / batch;
        for (int[] r : divided) for (int k = r[0]; k < r[1]; k++) g[k] *= scale;
        for (Block b : blocks) {
            if (b.config instanceof Adam a) adam(a, b.from, b.to, g, first, second, iteration);
            else if (b.config instanceof Nesterovs n) nesterovs(n, b.from, b.to, g, first);
            else if (b.config instanceof Sgd s) {
                float lr = (float) s.getLearningRate();
                for (int k = b.from; k < b.to; k++) g[k] *= lr;
            }
        }
        for (int k = 0; k < params.length; k++) params[k] -= g[k];
    }

    private static void adam(Adam a, int from, int to, float[] g, float[] m, float[] v, int iteration) {
        float lr = (float) a.getLearningRate(), beta1 = (float) a.getBeta1(), beta2 = (float) a.getBeta2(), eps = (float) a.getEpsilon();
        float t = iteration;
        float beta1T = (float) Math.pow(beta1, t + 1), beta2T = (float) Math.pow(beta2, t + 1);
        float alphaT = (float) (lr * (float) Math.sqrt(1. - beta2T) / (1.0 - beta1T));
        if (Float.isNaN(alphaT) || alphaT == 0 || Float.isInfinite(alphaT)) alphaT = eps;
        float oneMinusBeta1 = 1 - beta1, oneMinusBeta2 = 1 - beta2;
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float mi = beta1 * m[i] + gi * oneMinusBeta1;
            float vi = beta2 * v[i] + gi * gi * oneMinusBeta2;
            m[i] = mi;
            v[i] = vi;
            g[i] = (mi * alphaT) / ((float) Math.sqrt(vi) + eps);
        }
    }

    private static void nesterovs(Nesterovs c, int from, int to, float[] g, float[] velocity) {
        float lr = (float) c.getLearningRate(), mu = (float) c.getMomentum(), muT = -mu - 1;
        for (int i = from; i < to; i++) {
            float prev = mu * velocity[i];
            float v = prev - lr * g[i];
            velocity[i] = v;
            g[i] = prev + muT * v;
        }
    }
}
