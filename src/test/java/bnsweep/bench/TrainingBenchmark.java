package bnsweep.bench;

import bnsweep.bn.BnMode;
import bnsweep.bn.SyncBatchNormalization;
import bnsweep.engine.DataParallelTrainer;
import bnsweep.engine.EngineSettings;
import bnsweep.engine.SyncAlgorithm;
import bnsweep.model.NetworkFactory;
import bnsweep.model.NetworkSpec;
import bnsweep.model.UpdaterSpec;
import bnsweep.shard.ShardedSplit;
import bnsweep.shard.WorkerShard;
import bnsweep.testutil.SparkTestSupport;
import bnsweep.testutil.SyntheticData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Throughput benchmark (not a test): the 784-300-100-10 MLP, Adam, on synthetic MNIST-sized data.
 * Prints examples/s of (a) DL4J fitting in one thread with no Spark and (b) the training engine on
 * Spark local[W] with sync=average and sync=gradients (with BN: bn=sync, bnsweep's layer; the
 * single-thread line uses DL4J's own BatchNormalization), and what synchronisation costs per round.
 * Run with submit/bench (see README); {@link CollectiveBenchmark} measures the collective alone.
 *
 * <p>args: [workers=2] [averagingFrequency=5] [examplesPerWorker=27500] [epochs=3] [batch=64]
 */
public final class TrainingBenchmark {
    public static void main(String[] args) throws Exception {
        int workers = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int freq = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int perWorker = args.length > 2 ? Integer.parseInt(args[2]) : 27500;
        int epochs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        int batch = args.length > 4 ? Integer.parseInt(args[4]) : 64;
        CollectiveBenchmark.main(new String[] {String.valueOf(workers)});
        List<String> summary = new ArrayList<>();
        for (boolean bn : new boolean[] {false, true}) {
            NetworkSpec spec = new NetworkSpec(784, 10, new int[] {300, 100}, "relu", bn, new UpdaterSpec("adam", 1e-3, 0.9), 1);
            List<WorkerShard> shards = new ArrayList<>();
            for (int k = 0; k < workers; k++) shards.add(SyntheticData.shard(k, perWorker, 784, 3));

            MultiLayerNetwork single = NetworkFactory.initialise(spec);
            WorkerShard s0 = shards.get(0);
            double last = 0;
            for (int e = 1; e <= epochs; e++) {
                int[] order = s0.epochOrder(1, e, true);
                long t0 = System.nanoTime();
                int steps = s0.size() / batch;
                for (int i = 0; i < steps; i++) single.fit(s0.batch(order, i * batch, (i + 1) * batch));
                last = steps * batch / ((System.nanoTime() - t0) / 1e9);
                System.out.printf(Locale.ROOT, "bn=%s single-thread DL4J batch %d epoch %d: %.0f examples/s%n", bn, batch, e, last);
            }
            summary.add(String.format(Locale.ROOT, "bn=%-5s single-thread DL4J              %8.0f examples/s", bn, last));

            ShardedSplit split = ShardedSplit.ofShards(SparkTestSupport.sc(), shards);
            for (SyncAlgorithm sync : SyncAlgorithm.values()) {
                BnMode mode = bn ? BnMode.SYNC : BnMode.NONE;
                EngineSettings settings = EngineSettings.averaging(batch, freq, 1, true, mode).withSync(sync);
                MultiLayerNetwork initial = NetworkFactory.initialise(spec, f -> SyncBatchNormalization.of(f, mode, 0));
                try (DataParallelTrainer t = new DataParallelTrainer(SparkTestSupport.sc(), initial, settings)) {
                    double rate = 0, overhead = 0;
                    for (int e = 1; e <= epochs; e++) {
                        DataParallelTrainer.EpochTiming timing = t.trainEpoch(e, split, null);
                        rate = timing.examples() / timing.seconds();
                        overhead = 1000 * timing.workerSyncSeconds() / timing.rounds();
                        System.out.printf(Locale.ROOT, "bn=%s local[%d] sync=%s batch %d epoch %d: %.0f examples/s (stage %.2f s;"
                                        + " per worker: loop %.2f s, in collective calls %.2f s = %.2f ms per round of %d steps)%n",
                                bn, workers, sync.id(), batch, e, rate, timing.seconds(), timing.workerLoopSeconds(),
                                timing.workerSyncSeconds(), overhead, freq);
                    }
                    summary.add(String.format(Locale.ROOT, "bn=%-5s local[%d] %d workers sync=%-9s %8.0f examples/s, %.2f ms in collective"
                            + " calls per round", bn, workers, workers, sync.id(), rate, overhead));
                    t.release(split);
                }
            }
            split.release();
        }
        System.out.println("\nlast epoch, batch " + batch + " per worker, averaging every " + freq + " steps:");
        summary.forEach(System.out::println);
        SparkTestSupport.spark().stop();
        System.exit(0); // Spark's barrier-task timer thread is not a daemon and would keep the JVM alive
    }
}
