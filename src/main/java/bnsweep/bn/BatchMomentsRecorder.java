package bnsweep.bn;

import bnsweep.util.NdArrays;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Worker-side: recovers the moments of every minibatch's BN inputs from DL4J's own running-average
 * update. DL4J does running = decay running + (1 - decay) batch for the mean and for the (biased)
 * variance (Dl4jBatchNormSemanticsTest), so after a step
 * <pre>
 *   batch = (running_after - decay running_before) / (1 - decay)
 * </pre>
 * exactly, without a second forward pass. Result: moments[bnLayer][step], each of one minibatch.
 */
public final class BatchMomentsRecorder {
    private final BnParamLayout layout;
    private final MultiLayerNetwork net;
    private final int batchSize;
    private final BnMoments[][] moments;
    private final double[][] mean, var;

    public BatchMomentsRecorder(BnParamLayout layout, MultiLayerNetwork net, int steps, int batchSize) {
        this.layout = layout;
        this.net = net;
        this.batchSize = batchSize;
        this.moments = new BnMoments[layout.size()][steps];
        this.mean = new double[layout.size()][];
        this.var = new double[layout.size()][];
        for (int b = 0; b < layout.size(); b++) read(b);
    }

    /** Call after the step-th fit of the round (0-based). */
    public void stepDone(int step) {
        for (int b = 0; b < layout.size(); b++) {
            double[] m0 = mean[b], v0 = var[b];
            read(b);
            double d = layout.decay(b);
            double[] bm = new double[m0.length], bv = new double[m0.length];
            for (int j = 0; j < bm.length; j++) {
                bm[j] = (mean[b][j] - d * m0[j]) / (1 - d);
                bv[j] = Math.max(0, (var[b][j] - d * v0[j]) / (1 - d));
            }
            moments[b][step] = BnMoments.of(batchSize, bm, bv);
        }
    }

    public BnMoments[][] moments() {
        return moments;
    }

    private void read(int b) {
        int from = layout.statsFrom(b);
        float[] slice = NdArrays.read(net.params(), from, layout.statsLength(b));
        mean[b] = layout.mean(slice, b, from);
        var[b] = layout.variance(slice, b, from);
    }
}
