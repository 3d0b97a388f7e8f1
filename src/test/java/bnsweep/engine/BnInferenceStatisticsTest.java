package bnsweep.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.bn.BatchNorm;
import bnsweep.bn.BnMode;
import bnsweep.bn.BnMoments;
import bnsweep.bn.BnParamLayout;
import bnsweep.engine.driver.DataParallelTrainer;
import bnsweep.engine.driver.EpochTiming;
import bnsweep.model.NetworkFactory;
import bnsweep.model.NetworkSpec;
import bnsweep.model.UpdaterSpec;
import bnsweep.shard.ShardedSplit;
import bnsweep.shard.WorkerShard;
import bnsweep.testutil.SparkTestSupport;
import bnsweep.util.NdArrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The inference statistics (averaged, merged, precise) of bn = local with two workers whose data
 * come from different distributions (inputs centred at -2 and at +2, different classes).
 */
class BnInferenceStatisticsTest {
    static final int FEATURES = 12, PER_WORKER = 512, BATCH = 16, FREQ = 2;
    static final NetworkSpec SPEC = new NetworkSpec(FEATURES, 10, new int[] {16, 8}, bnsweep.model.Activation.RELU, true,
            new UpdaterSpec("sgd", 1e-3, 0), 7);

    static WorkerShard shard(int k, double center) {
        Random r = new Random(100 + k);
        float[] x = new float[PER_WORKER * FEATURES];
        int[] y = new int[PER_WORKER];
        for (int i = 0; i < PER_WORKER; i++) {
            y[i] = 5 * k + r.nextInt(5);
            for (int j = 0; j < FEATURES; j++) x[i * FEATURES + j] = (float) (center + 0.5 * r.nextGaussian() + 0.1 * y[i]);
        }
        return new WorkerShard(k, FEATURES, 10, x, y);
    }

    static final List<WorkerShard> SHARDS = List.of(shard(0, -2), shard(1, 2));

    static MultiLayerNetwork network() {
        return NetworkFactory.initialise(SPEC, f -> BatchNorm.of(f, BnMode.LOCAL, 0));
    }

    static INDArray allRows() {
        float[] all = new float[2 * PER_WORKER * FEATURES];
        for (WorkerShard s : SHARDS) System.arraycopy(NdArrays.read(s.rows(0, PER_WORKER)), 0, all, s.shard() * PER_WORKER * FEATURES, PER_WORKER * FEATURES);
        return NdArrays.matrix(all, 2L * PER_WORKER, FEATURES);
    }

    record Trained(ModelState state, float[] precise, EpochTiming lastEpoch) {}

    static Trained train(List<WorkerShard> shards, int epochs) {
        JavaSparkContext sc = SparkTestSupport.sc();
        ShardedSplit split = bnsweep.shard.ShardedSplits.of(sc, shards);
        try (DataParallelTrainer t = new DataParallelTrainer(sc, network(), bnsweep.testutil.Engines.averaging(BATCH, FREQ, 3, true))) {
            EpochTiming last = null;
            for (int e = 1; e <= epochs; e++) last = t.trainEpoch(e, split, null);
            float[] precise = t.preciseStatistics(split);
            t.release(split);
            return new Trained(t.state(), precise, last);
        } finally {
            split.release();
        }
    }

    /** Mean relative error of BN layer 0's variance in {@code stats} (merged layout) against its inputs' variance over all data. */
    static double varianceError(ModelState state, float[] stats) {
        MultiLayerNetwork net = network();
        BnParamLayout layout = BnParamLayout.of(net);
        state.withBnStatistics(layout, stats).loadInto(net);
        INDArray in = net.feedForwardToLayer(0, allRows(), false).get(1);
        double[] truth = BnMoments.ofRows(NdArrays.read(in), 2 * PER_WORKER, (int) in.size(1)).variance();
        double err = 0;
        int varianceAt = SPEC.hidden()[0]; // layer 0's means, then its variances
        for (int j = 0; j < truth.length; j++) err += Math.abs(stats[varianceAt + j] - truth[j]) / truth[j];
        return err / truth.length;
    }

    @Test
    void mergedDescribesTheUnionFarBetterThanAveraged() {
        Trained t = train(SHARDS, 2);
        BnParamLayout layout = BnParamLayout.of(network());
        double averaged = varianceError(t.state(), layout.statistics(t.state().params()));
        double merged = varianceError(t.state(), t.state().merged());
        assertTrue(merged < 0.05, "merged: mean relative error of the running variance " + merged);
        assertTrue(averaged > 3 * merged, "averaged " + averaged + " vs merged " + merged);
        assertTrue(t.lastEpoch().bnDriftMax() > 0.5, "workers centred at -2 and +2: drift " + t.lastEpoch().bnDriftMax());
        assertTrue(t.lastEpoch().bnDriftMean() <= t.lastEpoch().bnDriftMax());
    }

    @Test
    void withOneWorkerMergedIsTheNetworksOwnRunningStatistics() {
        Trained t = train(List.of(SHARDS.get(1)), 1);
        BnParamLayout layout = BnParamLayout.of(network());
        float[] own = layout.statistics(t.state().params()), merged = t.state().merged();
        for (int i = 0; i < own.length; i++) assertEquals(own[i], merged[i], 1e-4 * Math.max(1, Math.abs(own[i])), "statistic " + i);
    }

    @Test
    void preciseIsTheStatisticsOfAFullLayerByLayerPass() {
        Trained t = train(SHARDS, 1);
        MultiLayerNetwork net = network();
        t.state().loadInto(net);
        BnParamLayout layout = BnParamLayout.of(net);
        float[] reference = t.state().params().clone();
        for (int b = 0; b < layout.size(); b++) { // layer by layer, as precise BN does
            int idx = layout.layerIndex(b);
            INDArray in = net.feedForwardToLayer(idx - 1, allRows(), false).get(idx);
            BnMoments m = BnMoments.ofRows(NdArrays.read(in), 2 * PER_WORKER, (int) in.size(1));
            layout.write(reference, b, m.mean(), m.variance());
            NdArrays.write(reference, net.params());
        }
        float[] expected = layout.statistics(reference);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], t.precise()[i], 1e-5 * Math.max(1e-2, Math.abs(expected[i])), "statistic " + i);
        }
    }
}
