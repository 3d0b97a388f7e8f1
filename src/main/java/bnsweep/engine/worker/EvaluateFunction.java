package bnsweep.engine.worker;

import bnsweep.engine.EvalResult;
import bnsweep.engine.ModelState;
import bnsweep.shard.WorkerShard;
import bnsweep.util.NdArrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

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
            NetworkCache.Entry cached = NetworkCache.get(runKey, shard.shard(), s.configJson());
            MultiLayerNetwork net = cached.net;
            s.loadInto(net);
            DenseInference fast = cached.inference(CHUNK);
            for (int from = 0; from < shard.size(); from += CHUNK) {
                int to = Math.min(shard.size(), from + CHUNK);
                float[] probs;
                if (fast != null) {
                    shard.copyRows(from, to, fast.input());
                    probs = new float[(to - from) * shard.classes()];
                    fast.forward(to - from, fast.layers()).get(0, probs);
                } else { // a network bnsweep's own pass does not cover: DL4J's
                    // one bulk copy: ND4J's toFloatMatrix reads element by element (89 ms for 2048 x 10, more than the forward pass)
                    probs = NdArrays.read(net.output(shard.rows(from, to), false));
                }
                total = total.plus(score(probs, to - from, shard, from));
            }
        }
        return List.of(total).iterator();
    }

    /** Cross-entropy and correct predictions of {@code rows} softmax outputs (row-major, one row of classes per example). */
    public static EvalResult score(float[] probs, int rows, WorkerShard shard, int offset) {
        int classes = shard.classes();
        if (probs.length != rows * classes) throw new IllegalArgumentException(probs.length + " outputs for " + rows + " rows");
        double loss = 0;
        long correct = 0;
        for (int i = 0; i < rows; i++) {
            int y = shard.label(offset + i), row = i * classes;
            loss -= Math.log(Math.max(probs[row + y], PROB_FLOOR));
            int best = 0;
            for (int c = 1; c < classes; c++) if (probs[row + c] > probs[row + best]) best = c;
            if (best == y) correct++;
        }
        return new EvalResult(loss, correct, rows);
    }
}
