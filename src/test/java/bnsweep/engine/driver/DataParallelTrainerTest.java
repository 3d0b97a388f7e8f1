package bnsweep.engine.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.engine.EvalResult;
import bnsweep.engine.worker.EvaluateFunction;
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
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The driver side of the engine: task slots, and the same bits from the same inputs. */
class DataParallelTrainerTest {
    static final NetworkSpec SPEC = new NetworkSpec(12, 10, new int[] {8}, bnsweep.model.Activation.RELU, true, new UpdaterSpec("adam", 1e-2, 0.9), 5);

    static ShardedSplit split(int workers) {
        List<WorkerShard> shards = new ArrayList<>();
        for (int k = 0; k < workers; k++) shards.add(SyntheticData.shard(k, 64, 12, 9));
        return bnsweep.shard.ShardedSplits.of(SparkTestSupport.sc(), shards);
    }

    @Test
    void moreWorkersThanTaskSlotsIsAClearErrorBeforeTraining() {
        ShardedSplit nine = split(9); // the test session is local[8]
        try (DataParallelTrainer t = new DataParallelTrainer(SparkTestSupport.sc(), NetworkFactory.initialise(SPEC),
                bnsweep.testutil.Engines.averaging(8, 2, 1, true))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.trainEpoch(1, nine, null));
            assertTrue(e.getMessage().contains("workers = 9 needs 9 task slots") && e.getMessage().contains("offers 8")
                    && e.getMessage().contains("local[9]"), e.getMessage());
        } finally {
            nine.release();
        }
    }

    @Test
    void fourWorkersGiveTheSameModelEveryRun() {
        ShardedSplit four = split(4);
        try {
            float[][] runs = new float[2][];
            for (int i = 0; i < 2; i++) {
                try (DataParallelTrainer t = new DataParallelTrainer(SparkTestSupport.sc(), NetworkFactory.initialise(SPEC),
                        bnsweep.testutil.Engines.averaging(8, 3, 1, true))) {
                    t.trainEpoch(1, four, null);
                    t.trainEpoch(2, four, null);
                    runs[i] = t.state().params();
                    t.release(four);
                }
            }
            assertArrayEquals(runs[0], runs[1], "two runs from the same start, data and seed");
        } finally {
            four.release();
        }
    }

    @Test
    void distributedEvaluationEqualsOneNetworkOverTheConcatenation() {
        // shards of different sizes, one longer than an evaluation chunk, so chunk and shard boundaries both count
        List<WorkerShard> shards = List.of(SyntheticData.shard(0, EvaluateFunction.CHUNK + 300, 12, 4), SyntheticData.shard(1, 77, 12, 4),
                SyntheticData.shard(2, 500, 12, 4));
        ShardedSplit split = bnsweep.shard.ShardedSplits.of(SparkTestSupport.sc(), shards);
        try (DataParallelTrainer t = new DataParallelTrainer(SparkTestSupport.sc(), NetworkFactory.initialise(SPEC),
                bnsweep.testutil.Engines.averaging(8, 3, 1, true))) {
            t.trainEpoch(1, split, null); // BN running statistics and weights moved away from their initial values
            EvalResult got = t.evaluate(split);
            MultiLayerNetwork one = NetworkFactory.initialise(SPEC);
            t.state().loadInto(one);
            double loss = 0;
            long correct = 0, count = 0;
            for (WorkerShard shard : shards) {
                INDArray p = one.output(shard.rows(0, shard.size()), false);
                for (int i = 0; i < shard.size(); i++) {
                    int y = shard.label(i);
                    loss -= Math.log(Math.max(p.getDouble(i, y), EvaluateFunction.PROB_FLOOR));
                    if (p.getRow(i).argMax().getInt(0) == y) correct++;
                    count++;
                }
            }
            assertEquals(count, got.count());
            assertEquals(correct, got.correct(), "correct predictions");
            assertEquals(loss / count, got.loss(), 1e-6 * Math.abs(loss / count), "mean cross-entropy");
            assertTrue(got.correct() > 0 && got.correct() < count, "neither all right nor all wrong: " + got.accuracy());
            t.release(split);
        } finally {
            split.release();
        }
    }
}
