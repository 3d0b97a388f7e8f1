package bnsweep.engine;

import bnsweep.bn.BnMode;
import bnsweep.shard.ShardedSplit;
import bnsweep.shard.WorkerShard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.model.NetworkFactory;
import bnsweep.model.NetworkSpec;
import bnsweep.model.UpdaterSpec;
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
    static final int WORKERS = 2, BATCH = 16, FREQ = 2, ROUNDS = 3, FEATURES = 20;

    @ParameterizedTest(name = "bn={0}, updater={1}")
    @CsvSource({"false, adam", "true, adam", "true, sgd"})
    void sameParametersAsDl4jTrainingMaster(boolean bn, String updater) {
        JavaSparkContext sc = SparkTestSupport.sc();
        NetworkSpec spec = new NetworkSpec(FEATURES, 10, new int[] {16, 8}, "relu", bn,
                new UpdaterSpec(updater, updater.equals("adam") ? 1e-2 : 0.05, 0.9), 123);
        int perShard = BATCH * FREQ * ROUNDS;
        List<WorkerShard> shards = List.of(SyntheticData.shard(0, perShard, FEATURES, 5), SyntheticData.shard(1, perShard, FEATURES, 5));

        ShardedSplit split = ShardedSplit.ofShards(sc, shards);
        DataParallelTrainer ours = new DataParallelTrainer(sc, NetworkFactory.initialise(spec), EngineSettings.averaging(BATCH, FREQ, 1, false, BnMode.LOCAL));
        ours.trainEpoch(1, split, null);
        float[] mine = ours.state().params();

        ParameterAveragingTrainingMaster tm = new ParameterAveragingTrainingMaster.Builder(WORKERS, BATCH)
                .batchSizePerWorker(BATCH).averagingFrequency(FREQ).saveUpdater(true)
                .repartionData(Repartition.Never).rddTrainingApproach(RDDTrainingApproach.Direct)
                .workerPrefetchNumBatches(0).rngSeed(1).build();
        MultiLayerNetwork reference = NetworkFactory.initialise(spec);
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(sc, reference, tm);
        int[] order = shards.get(0).epochOrder(1, 1, false);
        for (int r = 0; r < ROUNDS; r++) {
            List<DataSet> round = new ArrayList<>();
            for (WorkerShard s : shards) {
                for (int step = r * FREQ; step < (r + 1) * FREQ; step++) round.add(s.batch(order, step * BATCH, (step + 1) * BATCH));
            }
            sparkNet.fit(sc.parallelize(round, WORKERS)); // slice k = worker k's FREQ minibatches
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
