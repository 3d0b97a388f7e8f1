package bnsweep.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.bn.BatchNorm;
import bnsweep.bn.BnMode;
import bnsweep.bn.BnParamLayout;
import bnsweep.config.CollectiveAlgorithm;
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
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.dataset.DataSet;

/**
 * bn = sync with sync = gradients: W workers with minibatches of b train exactly like one network
 * with DL4J's own BatchNormalization on the W*b concatenated minibatches: the same parameters, the
 * same running statistics, and "merged" statistics equal to them.
 */
class SyncBnEquivalenceTest {
    static final int BATCH = 8, STEPS = 20, FEATURES = 20;

    // SGD rows on purpose: Adam is nearly invariant to the scale of the gradient, so an averaging error
    // (a 1/(W+1)) moves Adam's parameters by only 1e-5 to 1e-4, within tolerance; SGD's move in proportion.
    @ParameterizedTest(name = "{0} workers, {1}, collective = {2}")
    @CsvSource({"2, sgd, ring", "2, sgd, hub", "2, adam, ring", "3, sgd, ring", "3, sgd, hub", "8, sgd, ring", "8, adam, hub"})
    void syncBnWorkersEqualOneBnNetworkOnTheConcatenatedMinibatches(int workers, String updater, String collective) {
        NetworkSpec spec = new NetworkSpec(FEATURES, 10, new int[] {16, 8}, bnsweep.model.Activation.RELU, true,
                new UpdaterSpec(updater, updater.equals("adam") ? 1e-2 : 0.05, 0.9), 11);
        List<WorkerShard> shards = new ArrayList<>();
        for (int k = 0; k < workers; k++) shards.add(SyntheticData.shard(k, BATCH * STEPS, FEATURES, 3 + k)); // different data per worker

        ShardedSplit split = bnsweep.shard.ShardedSplits.of(SparkTestSupport.sc(), shards);
        EngineSettings settings = bnsweep.testutil.Engines.averaging(BATCH, 5, 1, false).withSync(SyncAlgorithm.GRADIENTS)
                .with(CollectiveAlgorithm.fromId(collective));
        ModelState ours;
        MultiLayerNetwork initial = NetworkFactory.initialise(spec, f -> BatchNorm.of(f, BnMode.SYNC, 0));
        try (DataParallelTrainer trainer = new DataParallelTrainer(SparkTestSupport.sc(), initial, settings)) {
            trainer.trainEpoch(1, split, null);
            ours = trainer.state();
            trainer.release(split);
        } finally {
            split.release();
        }

        MultiLayerNetwork single = NetworkFactory.initialise(spec); // DL4J's BatchNormalization
        float[] start = single.params().toFloatVector();
        int[] order = shards.get(0).epochOrder(1, 1, false);
        for (int step = 0; step < STEPS; step++) {
            List<DataSet> parts = new ArrayList<>();
            for (WorkerShard s : shards) parts.add(s.batch(order, step * BATCH, (step + 1) * BATCH));
            single.fit(DataSet.merge(parts));
        }
        float[] reference = single.params().toFloatVector();

        double moved = 0;
        for (int i = 0; i < reference.length; i++) moved = Math.max(moved, Math.abs(reference[i] - start[i]));
        assertTrue(moved > 1e-2, "training must move the parameters (moved " + moved + ")");
        // per parameter tensor (weights, gamma, beta, running mean, log10(std), bias): max |difference| / max |value|
        int at = 0;
        for (Map.Entry<String, org.nd4j.linalg.api.ndarray.INDArray> e : single.paramTable().entrySet()) {
            int n = (int) e.getValue().length();
            double diff = 0, scale = 0;
            for (int i = at; i < at + n; i++) {
                diff = Math.max(diff, Math.abs(ours.params()[i] - reference[i]));
                scale = Math.max(scale, Math.abs(reference[i]));
            }
            assertTrue(diff <= 1e-5 * scale, e.getKey() + ": max |workers - single network| = " + diff + ", max |value| = " + scale);
            at += n;
        }

        float[] stats = BnParamLayout.of(single).statistics(reference);
        double mergedRel = 0;
        for (int i = 0; i < stats.length; i++) mergedRel = Math.max(mergedRel, Math.abs(ours.merged()[i] - stats[i]) / Math.max(1e-3, Math.abs(stats[i])));
        assertTrue(mergedRel <= 1e-4, "merged vs the single network's running statistics: " + mergedRel);
    }
}
