package bnsweep.bench;

import bnsweep.model.NetworkFactory;
import bnsweep.model.NetworkSpec;
import bnsweep.model.UpdaterSpec;
import bnsweep.testutil.SparkTestSupport;
import bnsweep.testutil.SyntheticData;
import bnsweep.engine.DataParallelTrainer;
import bnsweep.engine.EngineSettings;
import bnsweep.shard.ShardedSplit;
import bnsweep.shard.WorkerShard;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Throughput benchmark (not a test): the 784-300-100-10 MLP, batch 64, Adam, on synthetic
 * MNIST-sized data. Prints examples/s of (a) DL4J fitting in one thread with no Spark and
 * (b) our parameter-averaging loop on Spark local[W]. Run with submit/bench (see README).
 *
 * <p>args: [workers=2] [averagingFrequency=5] [examplesPerWorker=27500] [epochs=3]
 */
public final class TrainingBenchmark {
    public static void main(String[] args) {
        int workers = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int freq = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int perWorker = args.length > 2 ? Integer.parseInt(args[2]) : 27500;
        int epochs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        int batch = 64;
        for (boolean bn : new boolean[] {false, true}) {
            NetworkSpec spec = new NetworkSpec(784, 10, new int[] {300, 100}, "relu", bn, new UpdaterSpec("adam", 1e-3, 0.9), 1);
            List<WorkerShard> shards = new ArrayList<>();
            for (int k = 0; k < workers; k++) shards.add(SyntheticData.shard(k, perWorker, 784, 3));

            MultiLayerNetwork single = NetworkFactory.initialise(spec);
            WorkerShard s0 = shards.get(0);
            for (int e = 1; e <= epochs; e++) {
                int[] order = s0.epochOrder(1, e, true);
                long t0 = System.nanoTime();
                int steps = s0.size() / batch;
                for (int i = 0; i < steps; i++) single.fit(s0.batch(order, i * batch, (i + 1) * batch));
                double sec = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "bn=%s single-thread DL4J epoch %d: %.0f examples/s%n", bn, e, steps * batch / sec);
            }

            ShardedSplit split = ShardedSplit.ofShards(SparkTestSupport.sc(), shards);
            DataParallelTrainer t = new DataParallelTrainer(SparkTestSupport.sc(), NetworkFactory.initialise(spec), EngineSettings.averaging(batch, freq, 1, true, bnsweep.bn.BnMode.EXACT));
            for (int e = 1; e <= epochs; e++) {
                DataParallelTrainer.EpochTiming timing = t.trainEpoch(e, split, null);
                System.out.printf(Locale.ROOT, "bn=%s spark local[%d] freq %d epoch %d: %.0f examples/s (%.1f s, of which fitting %.1f s)%n",
                        bn, workers, freq, e, timing.examples() / timing.seconds(), timing.seconds(), timing.workerLoopSeconds());
            }
            t.release(split);
            t.close();
            split.release();
        }
        SparkTestSupport.spark().stop();
    }
}
