package bnsweep.engine.worker;

import bnsweep.data.DatasetKind;
import bnsweep.engine.EvalResult;
import bnsweep.engine.ModelState;
import bnsweep.shard.WorkerShard;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A worker's share of a distributed evaluation: inference-mode forward pass (BN uses its running
 * statistics) over its shard; sums of cross-entropy loss and correct predictions.
 */
public final class EvaluateFunction implements FlatMapFunction<Iterator<WorkerShard>, EvalResult> {
    public static final int CHUNK = 2048;
    /** Same clipping of softmax outputs as DL4J's LossMCXENT, so losses are finite and comparable. */
    public static final double PROB_FLOOR = 1e-10;

    private final Broadcast<ModelState> state;
    private final String runKey;

    public EvaluateFunction(Broadcast<ModelState> state, String runKey) {
        this.state = state;
        this.runKey = runKey;
    }

    @Override
    public Iterator<EvalResult> call(Iterator<WorkerShard> shards) {
        EvalResult total = EvalResult.ZERO;
        while (shards.hasNext()) {
            WorkerShard shard = shards.next();
            ModelState s = state.value();
            MultiLayerNetwork net = NetworkCache.get(runKey, shard.shard(), s.configJson());
            s.loadInto(net);
            for (int from = 0; from < shard.size(); from += CHUNK) {
                int to = Math.min(shard.size(), from + CHUNK);
                INDArray out = net.output(shard.rows(from, to), false);
                total = total.plus(score(out.toFloatMatrix(), shard, from));
            }
        }
        return List.of(total).iterator();
    }

    public static EvalResult score(float[][] probs, WorkerShard shard, int offset) {
        double loss = 0;
        long correct = 0;
        for (int i = 0; i < probs.length; i++) {
            int y = shard.label(offset + i);
            float[] p = probs[i];
            loss -= Math.log(Math.max(p[y], PROB_FLOOR));
            int best = 0;
            for (int c = 1; c < DatasetKind.NUM_CLASSES; c++) if (p[c] > p[best]) best = c;
            if (best == y) correct++;
        }
        return new EvalResult(loss, correct, probs.length);
    }
}
