package bnsweep.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.bn.BnMode;
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
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Our averaging loop against DL4J's ParameterAveragingTrainingMaster, on the same data, the same
 * partitioning and the same initial network. DL4J splits an RDD into averaging rounds at random;
 * giving it one round's data per fit() call (exactly workers x frequency minibatches, never
 * repartitioned) removes that randomness, so the two must produce the same parameters.
 */
class TrainingMasterEquivalenceTest {
    // SGD rows on purpose: Adam is nearly invariant to the scale of the update, so an averaging error
    // (a wrong divisor) moves Adam's parameters by only 1e-5 to 1e-4, within tolerance; SGD's move in proportion.
    static final int BATCH = 16, FREQ = 2, ROUNDS = 3, FEATURES = 20;

    /** {@code bnsweepLayer}: our side trains with bnsweep's BN layer (bn = local), DL4J's side always with DL4J's own. */
    @ParameterizedTest(name = "bn={0}, updater={1}, bnsweep's BN layer={2}, {3} workers, collective = {4}")
    @CsvSource({"false, adam, false, 2, ring", "true, adam, false, 2, ring", "true, sgd, false, 2, hub", "true, adam, true, 2, ring",
                "true, sgd, true, 2, hub", "true, sgd, true, 3, ring", "true, sgd, true, 3, hub", "true, sgd, true, 8, ring",
                "true, adam, true, 8, hub"})
    void sameParametersAsDl4jTrainingMaster(boolean bn, String updater, boolean bnsweepLayer, int workers, String collective) {
        JavaSparkContext sc = SparkTestSupport.sc();
        NetworkSpec spec = new NetworkSpec(FEATURES, 10, new int[] {16, 8}, bnsweep.model.Activation.RELU, bn,
                new UpdaterSpec(updater, updater.equals("adam") ? 1e-2 : 0.05, 0.9), 123);
        int steps = FREQ * ROUNDS + 1, perShard = BATCH * steps; // the last round is a partial one: 1 step, then averaging
        List<WorkerShard> shards = new ArrayList<>();
        for (int k = 0; k < workers; k++) shards.add(SyntheticData.shard(k, perShard, FEATURES, 5));

        ShardedSplit split = bnsweep.shard.ShardedSplits.of(sc, shards);
        MultiLayerNetwork initial = bnsweepLayer ? NetworkFactory.initialise(spec, f -> bnsweep.bn.BatchNorm.of(f, BnMode.LOCAL, 0))
                : NetworkFactory.initialise(spec);
        DataParallelTrainer ours = new DataParallelTrainer(sc, initial, bnsweep.testutil.Engines.averaging(BATCH, FREQ, 1, false)
                .with(bnsweep.config.CollectiveAlgorithm.fromId(collective)));
        ours.trainEpoch(1, split, null);
        float[] mine = ours.state().params();

        ParameterAveragingTrainingMaster tm = new ParameterAveragingTrainingMaster.Builder(workers, BATCH)
                .batchSizePerWorker(BATCH).averagingFrequency(FREQ).saveUpdater(true)
                .repartionData(Repartition.Never).rddTrainingApproach(RDDTrainingApproach.Direct)
                .workerPrefetchNumBatches(0).rngSeed(1).build();
        MultiLayerNetwork reference = NetworkFactory.initialise(spec);
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(sc, reference, tm);
        int[] order = shards.get(0).epochOrder(1, 1, false);
        for (int r = 0; r * FREQ < steps; r++) {
            List<DataSet> round = new ArrayList<>();
            for (WorkerShard s : shards) {
                for (int step = r * FREQ; step < Math.min(steps, (r + 1) * FREQ); step++) round.add(s.batch(order, step * BATCH, (step + 1) * BATCH));
            }
            sparkNet.fit(sc.parallelize(round, workers)); // slice k = worker k's FREQ minibatches
        }
        float[] theirs = sparkNet.getNetwork().params().toFloatVector();

        assertEquals(theirs.length, mine.length);
        double maxDiff = 0, maxMoved = 0;
        float[] start = NetworkFactory.initialise(spec).params().toFloatVector();
        for (int i = 0; i < mine.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(mine[i] - theirs[i]));
            maxMoved = Math.max(maxMoved, Math.abs(theirs[i] - start[i]));
        }
        assertTrue(maxMoved > 1e-3, "training must have moved the parameters (moved " + maxMoved + ")");
        assertTrue(maxDiff < 1e-5, "max |ours - DL4J| = " + maxDiff);
        ours.release(split);
        ours.close();
        split.release();
    }
}
