package bnsweep.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.bn.BatchNorm;
import bnsweep.bn.BnMode;
import bnsweep.bn.BnParamLayout;
import bnsweep.config.EngineSettings;
import bnsweep.config.SyncAlgorithm;
import bnsweep.engine.driver.DataParallelTrainer;
import bnsweep.model.NetworkFactory;
import bnsweep.model.NetworkSpec;
import bnsweep.model.UpdaterSpec;
import bnsweep.shard.ShardedSplit;
import bnsweep.shard.WorkerShard;
import bnsweep.testutil.SparkTestSupport;
import bnsweep.testutil.SyntheticData;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * bn = local and bn = ghost with sync = gradients: each worker normalises its own minibatch (in
 * ghost batches of g), and the averaged gradient makes every step that of one network on the W·b
 * concatenated minibatches normalised in groups of b (or g), i.e. bnsweep's layer in ghost mode over
 * the concatenation: weights, γ and β must match it. The running statistics are not gradients:
 * each worker updates its own from its own minibatch's moments (decay d: m ← d·m + (1−d)·μ,
 * v ← d·v + (1−d)·σ², biased σ²), and at the end of every round of {@code averaging-frequency}
 * steps, and after the last step, they are averaged over the workers, the mean elementwise and the
 * variance through log10(std), as DL4J stores it. This test replays that by hand from the
 * reference network's layer inputs and requires the engine's running statistics to equal it.
 * 7 steps in rounds of 3 make the last round a partial one. SGD rows are kept on purpose: Adam is
 * nearly invariant to the scale of the gradient, so an error in the averaging (a 1/(W+1)) moves
 * Adam's parameters by only 1e-5–1e-4, while it moves SGD's in proportion. Ghost batches of 2 with
 * 4 workers are left out: BN over two examples divides by their distance, which amplifies the float
 * rounding of 8-row against 32-row matrix products until, after 7 steps, the two runs differ by 1e-4
 * to 2e-3 (after 1 and 3 steps they agree within 1e-5); with 2 workers the same g = 2 stays within 1e-5.
 */
class GradientSyncLocalBnTest {
    static final int BATCH = 8, STEPS = 7, FREQUENCY = 3, FEATURES = 20;

    @ParameterizedTest(name = "{0} workers, {1}, bn {2}, ghost {3}")
    @CsvSource({"2, sgd, local, 0", "2, adam, local, 0", "4, sgd, local, 0", "4, adam, local, 0",
            "2, sgd, ghost, 4", "2, adam, ghost, 4", "4, sgd, ghost, 4", "4, adam, ghost, 4", "2, sgd, ghost, 2"})
    void workersEqualOneNetworkWithGhostBatchesOverTheConcatenation(int workers, String updater, String bn, int ghost) {
        BnMode mode = BnMode.valueOf(bn.toUpperCase());
        int group = mode == BnMode.GHOST ? ghost : BATCH;
        NetworkSpec spec = new NetworkSpec(FEATURES, 10, new int[] {16, 8}, bnsweep.model.Activation.RELU, true,
                new UpdaterSpec(updater, updater.equals("adam") ? 1e-2 : 0.05, 0.9), 11);
        List<WorkerShard> shards = new ArrayList<>();
        for (int k = 0; k < workers; k++) shards.add(SyntheticData.shard(k, BATCH * STEPS, FEATURES, 3 + k));

        ShardedSplit split = bnsweep.shard.ShardedSplits.of(SparkTestSupport.sc(), shards);
        EngineSettings settings = bnsweep.testutil.Engines.averaging(BATCH, FREQUENCY, 1, false).withSync(SyncAlgorithm.GRADIENTS);
        MultiLayerNetwork initial = NetworkFactory.initialise(spec, f -> BatchNorm.of(f, mode, ghost));
        float[] ours;
        try (DataParallelTrainer trainer = new DataParallelTrainer(SparkTestSupport.sc(), initial, settings)) {
            trainer.trainEpoch(1, split, null);
            ours = trainer.state().params();
            trainer.release(split);
        } finally {
            split.release();
        }

        MultiLayerNetwork single = NetworkFactory.initialise(spec, f -> BatchNorm.of(f, BnMode.GHOST, group));
        BnParamLayout layout = BnParamLayout.of(single);
        float[] start = single.params().toFloatVector();
        // each worker's running statistics, replayed in double: [worker][bn layer][feature]
        double[][][] mean = new double[workers][layout.size()][], var = new double[workers][layout.size()][];
        for (int k = 0; k < workers; k++) {
            for (int b = 0; b < layout.size(); b++) {
                mean[k][b] = layout.mean(start, b);
                var[k][b] = layout.variance(start, b);
            }
        }
        int[] order = shards.get(0).epochOrder(1, 1, false);
        for (int step = 0; step < STEPS; step++) {
            List<DataSet> parts = new ArrayList<>();
            for (WorkerShard s : shards) parts.add(s.batch(order, step * BATCH, (step + 1) * BATCH));
            for (int k = 0; k < workers; k++) { // worker k's BN inputs: the network as it is before this step, its own minibatch
                List<INDArray> acts = single.feedForward(parts.get(k).getFeatures(), true);
                for (int b = 0; b < layout.size(); b++) {
                    INDArray in = acts.get(layout.layerIndex(b)).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
                    double[] mu = in.mean(0).toDoubleVector(), sigma2 = in.var(false, 0).toDoubleVector();
                    double d = layout.decay(b);
                    for (int j = 0; j < mu.length; j++) {
                        mean[k][b][j] = d * mean[k][b][j] + (1 - d) * mu[j];
                        var[k][b][j] = d * var[k][b][j] + (1 - d) * sigma2[j];
                    }
                }
            }
            single.fit(DataSet.merge(parts));
            if ((step + 1) % FREQUENCY == 0 || step + 1 == STEPS) averageOverWorkers(mean, var);
        }
        float[] reference = single.params().toFloatVector();

        double moved = 0;
        for (int i = 0; i < reference.length; i++) moved = Math.max(moved, Math.abs(reference[i] - start[i]));
        assertTrue(moved > 1e-2, "training must move the parameters (moved " + moved + ")");
        float[] expected = reference.clone();
        for (int b = 0; b < layout.size(); b++) layout.write(expected, b, mean[0][b], var[0][b]);
        boolean[] isStat = new boolean[reference.length];
        for (int b = 0; b < layout.size(); b++) for (int i = 0; i < layout.statsLength(b); i++) isStat[layout.statsFrom(b) + i] = true;
        double weights = 0, stats = 0;
        for (int i = 0; i < reference.length; i++) {
            double diff = Math.abs(ours[i] - expected[i]);
            if (isStat[i]) stats = Math.max(stats, diff / Math.max(1e-2, Math.abs(expected[i])));
            else weights = Math.max(weights, diff);
        }
        assertTrue(weights <= 1e-5, "weights, gamma, beta: max |workers - single network| = " + weights);
        assertTrue(stats <= 1e-4, "running mean and log10(std): max relative |workers - replay| = " + stats);
    }

    /** The end of a round: the mean averaged elementwise, the variance through log10(std) (a geometric mean of std). */
    static void averageOverWorkers(double[][][] mean, double[][][] var) {
        int w = mean.length;
        for (int b = 0; b < mean[0].length; b++) {
            for (int j = 0; j < mean[0][b].length; j++) {
                double m = 0, log10std = 0;
                for (int k = 0; k < w; k++) {
                    m += mean[k][b][j] / w;
                    log10std += Math.log10(Math.sqrt(var[k][b][j])) / w;
                }
                double v = Math.pow(10, 2 * log10std);
                for (int k = 0; k < w; k++) {
                    mean[k][b][j] = m;
                    var[k][b][j] = v;
                }
            }
        }
    }
}
