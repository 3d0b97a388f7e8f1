package bnsweep.engine;

import bnsweep.bn.BatchMomentsRecorder;
import bnsweep.bn.BnMoments;
import bnsweep.bn.BnParamLayout;
import bnsweep.shard.WorkerShard;

import bnsweep.util.NdArrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One worker's part of an averaging round: load the broadcast model, fit minibatches
 * {@code fromStep..toStep-1} of this epoch's order of its shard, return its parameters and updater
 * state for the driver to average.
 */
final class TrainRoundFunction implements FlatMapFunction<Iterator<WorkerShard>, RoundResult> {
    private final Broadcast<ModelState> state;
    private final String runKey;
    private final long seed;
    private final int epoch;
    private final int fromStep;
    private final int toStep;
    private final int batchSize;
    private final boolean shuffle;
    private final BnParamLayout bnLayout;

    TrainRoundFunction(Broadcast<ModelState> state, String runKey, long seed, int epoch, int fromStep, int toStep,
                       int batchSize, boolean shuffle, BnParamLayout bnLayout) {
        this.bnLayout = bnLayout;
        this.state = state;
        this.runKey = runKey;
        this.seed = seed;
        this.epoch = epoch;
        this.fromStep = fromStep;
        this.toStep = toStep;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
    }

    @Override
    public Iterator<RoundResult> call(Iterator<WorkerShard> shards) {
        if (!shards.hasNext()) return List.<RoundResult>of().iterator();
        WorkerShard shard = shards.next();
        ModelState s = state.value();
        MultiLayerNetwork net = NetworkCache.get(runKey, shard.shard(), s.configJson());
        s.loadInto(net);
        int[] order = shard.epochOrder(seed, epoch, shuffle);
        double loss = 0;
        long t0 = System.nanoTime();
        BatchMomentsRecorder recorder = bnLayout.size() == 0 ? null : new BatchMomentsRecorder(bnLayout, net, toStep - fromStep, batchSize);
        for (int step = fromStep; step < toStep; step++) {
            net.fit(shard.batch(order, step * batchSize, (step + 1) * batchSize));
            loss += net.score();
            if (recorder != null) recorder.stepDone(step - fromStep);
        }
        long fitNanos = System.nanoTime() - t0;
        INDArray uv = ModelState.updaterView(net);
        float[] updater = uv == null ? new float[0] : NdArrays.read(uv);
        int steps = toStep - fromStep;
        long examples = (long) steps * batchSize;
        BnMoments[][] bn = recorder == null ? null : recorder.moments();
        return List.of(new RoundResult(NdArrays.read(net.params()), updater, loss, steps, examples, fitNanos, bn)).iterator();
    }
}
