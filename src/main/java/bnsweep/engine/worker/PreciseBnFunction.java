package bnsweep.engine.worker;

import bnsweep.bn.BnMoments;
import bnsweep.engine.ModelState;
import bnsweep.shard.WorkerShard;
import bnsweep.util.NdArrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A worker's share of precise BN for one BN layer: the moments of that layer's inputs over its
 * shard, or over {@code limit} of its examples drawn by a seeded permutation (the same sample every
 * time, whatever the order of the stored rows), with every layer below in inference mode, i.e.
 * normalised by the statistics already recomputed for them.
 */
public final class PreciseBnFunction implements FlatMapFunction<Iterator<WorkerShard>, BnMoments> {
    private final Broadcast<ModelState> state;
    private final String runKey;
    private final int bnLayerIndex;
    private final int limit;
    private final long seed;

    public PreciseBnFunction(Broadcast<ModelState> state, String runKey, int bnLayerIndex, int limit, long seed) {
        this.seed = seed;
        this.state = state;
        this.runKey = runKey;
        this.bnLayerIndex = bnLayerIndex;
        this.limit = limit;
    }

    @Override
    public Iterator<BnMoments> call(Iterator<WorkerShard> shards) {
        BnMoments total = null;
        while (shards.hasNext()) {
            WorkerShard shard = shards.next();
            ModelState s = state.value();
            NetworkCache.Entry cached = NetworkCache.get(runKey, shard.shard(), s.configJson());
            MultiLayerNetwork net = cached.net;
            s.loadInto(net);
            int n = Math.min(shard.size(), limit);
            int[] sample = n == shard.size() ? null : shard.sample(seed, n);
            DenseInference fast = cached.inference(EvaluateFunction.CHUNK);
            for (int from = 0; from < n; from += EvaluateFunction.CHUNK) {
                int to = Math.min(n, from + EvaluateFunction.CHUNK);
                float[] in;
                int width;
                if (fast != null) {
                    if (sample == null) shard.copyRows(from, to, fast.input());
                    else shard.copyBatch(sample, from, to - from, fast.input(), new int[to - from]);
                    java.nio.FloatBuffer x = fast.forward(to - from, bnLayerIndex);
                    width = fast.width(bnLayerIndex);
                    in = new float[(to - from) * width];
                    x.get(0, in);
                } else { // DL4J's: activations.get(i) is the input of layer i (index 0: the network input, that of an input BN layer)
                    INDArray rows = sample == null ? shard.rows(from, to) : shard.batch(sample, from, to).getFeatures();
                    INDArray a = bnLayerIndex == 0 ? rows : net.feedForwardToLayer(bnLayerIndex - 1, rows, false).get(bnLayerIndex);
                    in = NdArrays.read(a);
                    width = (int) a.size(1);
                }
                total = BnMoments.merge(total, BnMoments.ofRows(in, to - from, width));
            }
        }
        return total == null ? List.<BnMoments>of().iterator() : List.of(total).iterator();
    }
}
