package bnsweep.engine.worker;

import bnsweep.bn.BnParamLayout;
import bnsweep.engine.collective.CollectiveClient;
import bnsweep.util.NdArrays;
import java.util.Arrays;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * sync=gradients: after each worker's backward pass and before its optimizer step (DL4J calls
 * {@code onGradientCalculation} exactly there), the flattened gradient is replaced by the mean over
 * workers. DL4J's gradient at that point is the sum over the worker's b examples and the updater
 * then divides by b, so the mean over W workers of those sums, divided by b, is the gradient of the
 * loss averaged over all W*b examples: every worker applies the same step one network trained on
 * the concatenated minibatches would. Every worker holds the same updater state, so it stays equal.
 *
 * <p>The entries of BN running statistics are not gradients (DL4J stores the running-average update
 * there); they are left as each worker computed them and synchronised every round like the
 * statistics of sync=average (see {@link WorkerEpoch}).
 */
final class GradientAllReduce extends BaseTrainingListener {
    private final CollectiveClient collective;
    private final BnParamLayout bn;

    GradientAllReduce(CollectiveClient collective, BnParamLayout bn) {
        this.collective = collective;
        this.bn = bn;
    }

    @Override
    public void onGradientCalculation(Model model) {
        INDArray view = ((MultiLayerNetwork) model).getGradientsViewArray();
        float[] g = NdArrays.read(view);
        average(g);
        NdArrays.write(g, view);
    }

    /** The flattened gradient replaced by its mean over the workers, BN's running-statistics entries left as they are. */
    void average(float[] g) {
        float[][] ownStatistics = new float[bn.size()][];
        for (int b = 0; b < bn.size(); b++) {
            ownStatistics[b] = Arrays.copyOfRange(g, bn.statsFrom(b), bn.statsFrom(b) + bn.statsLength(b));
        }
        collective.allReduceSum(g);
        float w = collective.world();
        for (int i = 0; i < g.length; i++) g[i] /= w;
        for (int b = 0; b < bn.size(); b++) System.arraycopy(ownStatistics[b], 0, g, bn.statsFrom(b), ownStatistics[b].length);
    }
}
