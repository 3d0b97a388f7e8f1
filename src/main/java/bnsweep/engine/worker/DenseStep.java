package bnsweep.engine.worker;

import bnsweep.bn.BatchNormKernel;
import bnsweep.bn.BnContext;
import bnsweep.engine.ModelState;
import bnsweep.shard.WorkerShard;
import bnsweep.util.Blas;
import bnsweep.util.NdArrays;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * bnsweep's training step for the dense networks it builds: forward, backward and optimizer step of
 * one minibatch in a few passes over buffers allocated once, with the matrix products straight into
 * OpenBLAS ({@link Blas}), BN through {@link BatchNormKernel} (its exchange in the middle of the step
 * for {@code bn = sync}), DL4J's optimizer arithmetic ({@link DenseUpdater}), all on the network's own
 * flattened parameters, gradient and updater state: a DL4J {@code fit} of the same minibatch computes
 * the same step ({@code DenseStepTest}), and everything that reads the network (averaging, checkpoints,
 * evaluation, the saved model) sees what it always did. DL4J stays the reference and the way for
 * networks with layers this step does not cover ({@link DensePlan#of} null). Not thread-safe: one per
 * worker and network.
 *
 * <p>Dropout masks come from a SplittableRandom the caller seeds per step, drawn example by example
 * and value by value in the order of the layers (DL4J draws its own).
 */
final class DenseStep {
    static final double PROB_FLOOR = 1e-10;

    private final MultiLayerNetwork net;
    private final DensePlan plan;
    private final DenseUpdater updater;
    private final int batch;
    private final FloatBuffer params, gradient, state, input;
    /**
     * The parameters, gradient and updater state as Java arrays for the optimizer step (its loops run
     * several times faster on them than on direct buffers); between {@link #pull} and {@link #push}
     * the updater state's is the current one, and the parameters are written back after every step.
     */
    private final float[] paramsArray, gradientArray;
    private final FloatBuffer[] out, grad, masks;
    /** Per BN operation, the normalised inputs of the step (the kernel's scratch). */
    private final float[][] xhat;
    private final BatchNormKernel.Saved[] norms;
    private final int[] labels;
    /** Per operation, its parameters' and their gradients' memory: W, b, dW, db for Dense; the rest for Norm (null where absent). */
    private final FloatBuffer[][] views;
    private static final int W = 0, B = 1, DW = 2, DB = 3, GAMMA = 0, BETA = 1, MEAN = 2, STAT = 3, DGAMMA = 4, DBETA = 5, DMEAN = 6, DSTAT = 7;

    private DenseStep(MultiLayerNetwork net, DensePlan plan, DenseUpdater updater, int batch) {
        this.net = net;
        this.plan = plan;
        this.updater = updater;
        this.batch = batch;
        net.initGradientsView();
        params = NdArrays.memory(net.params());
        gradient = NdArrays.memory(net.getGradientsViewArray());
        var u = ModelState.updaterView(net);
        state = u == null ? NdArrays.direct(0) : NdArrays.memory(u);
        input = NdArrays.direct(batch * plan.inputs());
        paramsArray = new float[params.capacity()];
        gradientArray = new float[gradient.capacity()];
        List<DensePlan.Op> ops = plan.ops();
        out = new FloatBuffer[ops.size()];
        grad = new FloatBuffer[ops.size()];
        masks = new FloatBuffer[ops.size()];
        xhat = new float[ops.size()][];
        norms = new BatchNormKernel.Saved[ops.size()];
        for (int k = 0; k < ops.size(); k++) {
            int n = batch * ops.get(k).width();
            out[k] = NdArrays.direct(n);
            grad[k] = NdArrays.direct(n);
            if (ops.get(k) instanceof DensePlan.Norm) xhat[k] = new float[n];
            if (ops.get(k) instanceof DensePlan.Drop) masks[k] = NdArrays.direct(n);
        }
        labels = new int[batch];
        views = new FloatBuffer[ops.size()][];
        for (int k = 0; k < ops.size(); k++) {
            if (ops.get(k) instanceof DensePlan.Dense d) {
                int n = d.in() * d.width();
                views[k] = new FloatBuffer[] {NdArrays.slice(params, d.w(), n), d.b() < 0 ? null : NdArrays.slice(params, d.b(), d.width()),
                        NdArrays.slice(gradient, d.w(), n), d.b() < 0 ? null : NdArrays.slice(gradient, d.b(), d.width())};
            } else if (ops.get(k) instanceof DensePlan.Norm nm) {
                int f = nm.width();
                int[] at = {nm.gamma(), nm.beta(), nm.mean(), nm.stat()};
                views[k] = new FloatBuffer[8];
                for (int i = 0; i < 4; i++) {
                    views[k][i] = NdArrays.slice(params, at[i], f);
                    views[k][4 + i] = NdArrays.slice(gradient, at[i], f);
                }
            }
        }
    }

    /** The step for {@code net} at minibatches of {@code batch}, or null when it does not cover the network. */
    static DenseStep of(MultiLayerNetwork net, int batch) {
        DensePlan plan = DensePlan.of(net);
        DenseUpdater updater = plan == null ? null : DenseUpdater.of(net);
        return updater == null ? null : new DenseStep(net, plan, updater, batch);
    }

    int batch() {
        return batch;
    }

    /** Reads the network's parameters and updater state, as others (averaging, loading a state) left them, before steps. */
    void pull() {
        params.get(0, paramsArray);
        updater.pull(state);
    }

    /** Writes the updater state back into the network after steps, for others to read (the parameters are there already). */
    void push() {
        updater.push(state);
    }

    /**
     * Trains on the examples {@code order[from, from + batch)} of {@code shard}, between {@link #pull}
     * and {@link #push}: returns the minibatch's mean cross-entropy (DL4J's score). {@code context}: the BN layers' exchange and moments log (null:
     * none); {@code sync}: averages the gradient over the workers before the optimizer step (null: not);
     * {@code dropout}: the masks' random numbers.
     */
    double fit(WorkerShard shard, int[] order, int from, BnContext context, GradientAllReduce sync, SplittableRandom dropout) {
        shard.copyBatch(order, from, batch, input, labels);
        double loss = forward(context, dropout);
        backward();
        gradient.get(0, gradientArray);
        if (sync != null) sync.average(gradientArray);
        var conf = net.getLayerWiseConfigurations();
        updater.step(paramsArray, gradientArray, batch, conf.getIterationCount());
        params.put(0, paramsArray);
        conf.setIterationCount(conf.getIterationCount() + 1);
        return loss;
    }

    private FloatBuffer in(int k) {
        return k == 0 ? input : out[k - 1];
    }

    private double forward(BnContext context, SplittableRandom dropout) {
        List<DensePlan.Op> ops = plan.ops();
        for (int k = 0; k < ops.size(); k++) {
            FloatBuffer x = in(k), y = out[k];
            DensePlan.Op op = ops.get(k);
            FloatBuffer[] v = views[k];
            if (op instanceof DensePlan.Dense d) {
                Blas.gemm(false, true, batch, d.width(), d.in(), 1f, x, d.in(), v[W], d.in(), 0f, y, d.width());
                FloatBuffer bias = v[B];
                if (d.act() != null) {
                    if (bias != null) d.act().applyWithBias(y, batch, d.width(), bias, d.alpha());
                    else d.act().apply(y, 0, batch * d.width(), d.alpha());
                } else if (bias != null) {
                    for (int i = 0, q = 0; i < batch; i++) for (int j = 0; j < d.width(); j++, q++) y.put(q, y.get(q) + bias.get(j));
                }
            } else if (op instanceof DensePlan.Norm n) {
                norms[k] = BatchNormKernel.forward(n.conf(), context, x, batch, n.width(), v[GAMMA], v[BETA], y, xhat[k]);
                if (context != null) context.record(n.layerIndex(), norms[k].batch);
            } else if (op instanceof DensePlan.Act a) {
                for (int q = 0, e = batch * a.width(); q < e; q++) y.put(q, x.get(q));
                a.act().apply(y, 0, batch * a.width(), a.alpha());
            } else if (op instanceof DensePlan.Drop p) {
                float keep = p.keep(), scale = 1 / keep;
                for (int q = 0, e = batch * p.width(); q < e; q++) {
                    float m = dropout.nextDouble() < keep ? scale : 0f;
                    masks[k].put(q, m);
                    y.put(q, x.get(q) * m);
                }
            }
        }
        return softmaxCrossEntropy(out[ops.size() - 1], grad[ops.size() - 1], plan.classes());
    }

    /** Softmax of the logits in place; writes dL/dlogits = p − onehot(label) into {@code d}; returns the mean loss. */
    private double softmaxCrossEntropy(FloatBuffer z, FloatBuffer d, int classes) {
        double loss = 0;
        for (int i = 0, row = 0; i < batch; i++, row += classes) {
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) max = Math.max(max, z.get(row + c));
            double sum = 0;
            for (int c = 0; c < classes; c++) sum += Math.exp(z.get(row + c) - max);
            for (int c = 0; c < classes; c++) {
                float p = (float) (Math.exp(z.get(row + c) - max) / sum);
                z.put(row + c, p);
                d.put(row + c, c == labels[i] ? p - 1 : p);
            }
            loss -= Math.log(Math.max(z.get(row + labels[i]), PROB_FLOOR));
        }
        return loss / batch;
    }

    private void backward() {
        List<DensePlan.Op> ops = plan.ops();
        for (int k = ops.size() - 1; k >= 0; k--) {
            FloatBuffer dy = grad[k], dx = k == 0 ? null : grad[k - 1], x = in(k);
            DensePlan.Op op = ops.get(k);
            FloatBuffer[] v = views[k];
            if (op instanceof DensePlan.Dense d) {
                int m = d.width(), n = d.in();
                if (d.act() != null) d.act().backprop(out[k], dy, 0, batch * m, d.alpha());
                Blas.gemm(true, false, m, n, batch, 1f, dy, m, x, n, 0f, v[DW], n);
                FloatBuffer db = v[DB];
                if (db != null) {
                    for (int j = 0; j < m; j++) db.put(j, 0f);
                    for (int i = 0, q = 0; i < batch; i++) for (int j = 0; j < m; j++, q++) db.put(j, db.get(j) + dy.get(q));
                }
                if (dx != null) Blas.gemm(false, false, batch, n, m, 1f, dy, m, v[W], n, 0f, dx, n);
            } else if (op instanceof DensePlan.Norm nm) {
                BatchNormKernel.backward(dy, norms[k], v[GAMMA], dx, v[DGAMMA], v[DBETA]);
                BatchNormKernel.runningUpdate(nm.conf(), norms[k].batch, v[MEAN], v[STAT], v[DMEAN], v[DSTAT]);
                norms[k] = null;
            } else if (op instanceof DensePlan.Act a && dx != null) {
                for (int q = 0, e = batch * a.width(); q < e; q++) dx.put(q, dy.get(q));
                a.act().backprop(out[k], dx, 0, batch * a.width(), a.alpha());
            } else if (op instanceof DensePlan.Drop p && dx != null) {
                for (int q = 0, e = batch * p.width(); q < e; q++) dx.put(q, dy.get(q) * masks[k].get(q));
            }
        }
    }
}
