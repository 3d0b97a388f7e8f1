package bnsweep.engine.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.config.EngineSettings;
import bnsweep.model.NetworkFactory;
import bnsweep.model.NetworkSpec;
import bnsweep.model.UpdaterSpec;
import bnsweep.shard.ShardedSplit;
import bnsweep.shard.WorkerShard;
import bnsweep.testutil.SparkTestSupport;
import bnsweep.testutil.SyntheticData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The driver side of the engine: task slots, and the same bits from the same inputs. */
class DataParallelTrainerTest {
    static final NetworkSpec SPEC = new NetworkSpec(12, 10, new int[] {8}, "relu", true, new UpdaterSpec("adam", 1e-2, 0.9), 5);

    static ShardedSplit split(int workers) {
        List<WorkerShard> shards = new ArrayList<>();
        for (int k = 0; k < workers; k++) shards.add(SyntheticData.shard(k, 64, 12, 9));
        return ShardedSplit.ofShards(SparkTestSupport.sc(), shards);
    }

    @Test
    void moreWorkersThanTaskSlotsIsAClearErrorBeforeTraining() {
        ShardedSplit five = split(5); // the test session is local[4]
        try (DataParallelTrainer t = new DataParallelTrainer(SparkTestSupport.sc(), NetworkFactory.initialise(SPEC),
                EngineSettings.averaging(8, 2, 1, true))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.trainEpoch(1, five, null));
            assertTrue(e.getMessage().contains("workers = 5 needs 5 task slots") && e.getMessage().contains("offers 4")
                    && e.getMessage().contains("local[5]"), e.getMessage());
        } finally {
            five.release();
        }
    }

    @Test
    void fourWorkersGiveTheSameModelEveryRun() {
        ShardedSplit four = split(4);
        try {
            float[][] runs = new float[2][];
            for (int i = 0; i < 2; i++) {
                try (DataParallelTrainer t = new DataParallelTrainer(SparkTestSupport.sc(), NetworkFactory.initialise(SPEC),
                        EngineSettings.averaging(8, 3, 1, true))) {
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
}
