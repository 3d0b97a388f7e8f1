package bnsweep.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.config.CollectiveAlgorithm;
import bnsweep.config.EngineSettings;
import bnsweep.config.SyncAlgorithm;
import bnsweep.engine.driver.DataParallelTrainer;
import bnsweep.engine.driver.EpochTiming;
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
import org.nd4j.linalg.dataset.DataSet;

/**
 * sync=gradients is synchronous SGD: W workers with minibatches of b must train exactly like one
 * network fit on the W*b concatenated minibatches, step for step.
 */
class GradientSyncEquivalenceTest {
    static final int BATCH = 8, STEPS = 20, FEATURES = 20;

    // SGD rows on purpose: Adam is nearly invariant to the scale of the gradient, so an averaging error
    // (a 1/(W+1)) moves Adam's parameters by only 1e-5 to 1e-4, within tolerance; SGD's move in proportion.
    @ParameterizedTest(name = "{0} workers, {1}, collective = {2}")
    @CsvSource({"2, sgd, ring", "2, sgd, hub", "2, adam, ring", "3, sgd, ring", "3, sgd, hub", "8, sgd, ring", "8, adam, hub"})
    void workersEqualOneNetworkOnTheConcatenatedMinibatches(int workers, String updater, String collective) {
        NetworkSpec spec = new NetworkSpec(FEATURES, 10, new int[] {16, 8}, bnsweep.model.Activation.RELU, false,
                new UpdaterSpec(updater, updater.equals("adam") ? 1e-2 : 0.05, 0.9), 11);
        List<WorkerShard> shards = new ArrayList<>();
        for (int k = 0; k < workers; k++) shards.add(SyntheticData.shard(k, BATCH * STEPS, FEATURES, 3));

        ShardedSplit split = bnsweep.shard.ShardedSplits.of(SparkTestSupport.sc(), shards);
        EngineSettings settings = bnsweep.testutil.Engines.averaging(BATCH, 5, 1, false).withSync(SyncAlgorithm.GRADIENTS)
                .with(CollectiveAlgorithm.fromId(collective));
        float[] ours;
        try (DataParallelTrainer trainer = new DataParallelTrainer(SparkTestSupport.sc(), NetworkFactory.initialise(spec), settings)) {
            EpochTiming t = trainer.trainEpoch(1, split, null);
            assertEquals((long) workers * BATCH * STEPS, t.examples());
            ours = trainer.state().params();
            trainer.release(split);
        } finally {
            split.release();
        }

        MultiLayerNetwork single = NetworkFactory.initialise(spec);
        float[] start = single.params().toFloatVector();
        int[] order = shards.get(0).epochOrder(1, 1, false);
        for (int step = 0; step < STEPS; step++) {
            List<DataSet> parts = new ArrayList<>();
            for (WorkerShard s : shards) parts.add(s.batch(order, step * BATCH, (step + 1) * BATCH));
            single.fit(DataSet.merge(parts));
        }
        float[] reference = single.params().toFloatVector();

        double maxDiff = 0, moved = 0;
        for (int i = 0; i < reference.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(ours[i] - reference[i]));
            moved = Math.max(moved, Math.abs(reference[i] - start[i]));
        }
        assertTrue(moved > 1e-2, "training must move the parameters (moved " + moved + ")");
        assertTrue(maxDiff <= 1e-5, "max |workers - single network| = " + maxDiff);
    }
}
