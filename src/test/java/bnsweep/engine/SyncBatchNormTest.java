package bnsweep.engine;

import bnsweep.bn.BnMode;
import bnsweep.bn.BnMoments;
import bnsweep.bn.BnParamLayout;
import bnsweep.shard.ShardedSplit;
import bnsweep.shard.WorkerShard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.model.NetworkFactory;
import bnsweep.model.NetworkSpec;
import bnsweep.model.UpdaterSpec;
import bnsweep.testutil.SparkTestSupport;
import bnsweep.util.NdArrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Two workers whose data come from different distributions (inputs centred at -2 and at +2). The
 * running statistics of the averaged model should describe the union of their data.
 */
class SyncBatchNormTest {
    static final int FEATURES = 12, PER_WORKER = 512, BATCH = 16, FREQ = 2;
    static final NetworkSpec SPEC = new NetworkSpec(FEATURES, 10, new int[] {16, 8}, "relu", true,
            new UpdaterSpec("sgd", 1e-3, 0), 7);

    static WorkerShard shard(int k, double center) {
        Random r = new Random(100 + k);
        float[] x = new float[PER_WORKER * FEATURES];
        byte[] y = new byte[PER_WORKER];
        for (int i = 0; i < PER_WORKER; i++) {
            y[i] = (byte) (5 * k + r.nextInt(5)); // different classes too, as with label-sorted partitions
            for (int j = 0; j < FEATURES; j++) x[i * FEATURES + j] = (float) (center + 0.5 * r.nextGaussian() + 0.1 * y[i]);
        }
        return new WorkerShard(k, FEATURES, x, y);
    }

    static final List<WorkerShard> SHARDS = List.of(shard(0, -2), shard(1, 2));

    /** All training rows of both workers, in one matrix. */
    static INDArray allRows() {
        float[] all = new float[2 * PER_WORKER * FEATURES];
        for (WorkerShard s : SHARDS) System.arraycopy(NdArrays.read(s.rows(0, PER_WORKER)), 0, all, s.shard() * PER_WORKER * FEATURES, PER_WORKER * FEATURES);
        return NdArrays.matrix(all, 2L * PER_WORKER, FEATURES);
    }

    static DataParallelTrainer train(BnMode mode, int epochs) {
        JavaSparkContext sc = SparkTestSupport.sc();
        ShardedSplit split = ShardedSplit.ofShards(sc, SHARDS);
        DataParallelTrainer t = new DataParallelTrainer(sc, NetworkFactory.initialise(SPEC), EngineSettings.averaging(BATCH, FREQ, 3, true, mode));
        for (int e = 1; e <= epochs; e++) t.trainEpoch(e, split, null);
        if (mode.precise()) t.recomputeBnStatistics(split);
        t.release(split);
        t.close();
        split.release();
        return t;
    }

    static MultiLayerNetwork load(ModelState s) {
        MultiLayerNetwork net = NetworkFactory.initialise(SPEC);
        s.loadInto(net);
        return net;
    }

    /** Mean relative error of BN layer 0's running variance against the variance of its inputs over all training data. */
    static double runningVarianceError(DataParallelTrainer t) {
        MultiLayerNetwork net = load(t.state());
        INDArray in = net.feedForwardToLayer(0, allRows(), false).get(1);
        double[] truth = BnMoments.ofRows(NdArrays.read(in), 2 * PER_WORKER, (int) in.size(1)).variance();
        double[] running = BnParamLayout.of(net).variance(t.state().params(), 0);
        double err = 0;
        for (int j = 0; j < truth.length; j++) err += Math.abs(running[j] - truth[j]) / truth[j];
        return err / truth.length;
    }

    @Test
    void exactMergeDescribesTheUnionFarBetterThanNaiveAveraging() {
        double naive = runningVarianceError(train(BnMode.NAIVE, 2));
        double exact = runningVarianceError(train(BnMode.EXACT, 2));
        assertTrue(exact < 0.05, "exact merge: mean relative error of the running variance " + exact);
        assertTrue(naive > 3 * exact, "naive " + naive + " vs exact " + exact);
    }

    @Test
    void withOneWorkerExactMergeReproducesDl4jsOwnRunningStatistics() {
        JavaSparkContext sc = SparkTestSupport.sc();
        float[][] finals = new float[2][];
        for (BnMode mode : new BnMode[] {BnMode.NAIVE, BnMode.EXACT}) {
            ShardedSplit one = ShardedSplit.ofShards(sc, List.of(SHARDS.get(1)));
            DataParallelTrainer t = new DataParallelTrainer(sc, NetworkFactory.initialise(SPEC), EngineSettings.averaging(BATCH, FREQ, 3, true, mode));
            t.trainEpoch(1, one, null);
            finals[mode == BnMode.NAIVE ? 0 : 1] = t.state().params();
            t.release(one);
            t.close();
            one.release();
        }
        BnParamLayout layout = BnParamLayout.of(NetworkFactory.initialise(SPEC));
        for (int b = 0; b < layout.size(); b++) {
            double[] dl4j = layout.variance(finals[0], b), ours = layout.variance(finals[1], b);
            double[] dl4jMean = layout.mean(finals[0], b), ourMean = layout.mean(finals[1], b);
            for (int j = 0; j < dl4j.length; j++) {
                assertEquals(dl4j[j], ours[j], 1e-4 * dl4j[j], "variance, BN layer " + b + " feature " + j);
                assertEquals(dl4jMean[j], ourMean[j], 1e-4 * Math.sqrt(dl4j[j]), "mean, BN layer " + b + " feature " + j);
            }
        }
    }

    @Test
    void preciseBnMatchesASingleProcessFullPass() {
        DataParallelTrainer t = train(BnMode.EXACT_PRECISE, 1);
        MultiLayerNetwork net = load(t.state());
        BnParamLayout layout = BnParamLayout.of(net);
        float[] reference = t.state().params().clone();
        for (int b = 0; b < layout.size(); b++) { // layer by layer, as precise BN does
            int idx = layout.layerIndex(b);
            INDArray in = net.feedForwardToLayer(idx - 1, allRows(), false).get(idx);
            BnMoments m = BnMoments.ofRows(NdArrays.read(in), 2 * PER_WORKER, (int) in.size(1));
            layout.write(reference, b, m.mean(), m.variance());
            NdArrays.write(reference, net.params());
        }
        for (int b = 0; b < layout.size(); b++) {
            double[] mine = layout.variance(t.state().params(), b), ref = layout.variance(reference, b);
            double[] myMean = layout.mean(t.state().params(), b), refMean = layout.mean(reference, b);
            for (int j = 0; j < ref.length; j++) {
                assertEquals(ref[j], mine[j], 1e-5 * ref[j], "variance, BN layer " + b + " feature " + j);
                assertEquals(refMean[j], myMean[j], 1e-5 * Math.max(1e-3, Math.sqrt(ref[j])), "mean, BN layer " + b + " feature " + j);
            }
        }
    }

    @Test
    void driftIsLargeForDifferentWorkersAndReportedPerEpoch() {
        JavaSparkContext sc = SparkTestSupport.sc();
        ShardedSplit split = ShardedSplit.ofShards(sc, SHARDS);
        DataParallelTrainer t = new DataParallelTrainer(sc, NetworkFactory.initialise(SPEC), EngineSettings.averaging(BATCH, FREQ, 3, true, BnMode.NAIVE));
        DataParallelTrainer.EpochTiming timing = t.trainEpoch(1, split, null);
        assertTrue(timing.bnDriftMax() > 0.5, "workers centred at -2 and +2: drift " + timing.bnDriftMax());
        assertTrue(timing.bnDriftMean() <= timing.bnDriftMax());
        t.release(split);
        t.close();
        split.release();
    }
}
