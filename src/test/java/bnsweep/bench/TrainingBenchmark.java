package bnsweep.bench;

import bnsweep.bn.BatchNorm;
import bnsweep.bn.BnMode;
import bnsweep.config.EngineSettings;
import bnsweep.config.SyncAlgorithm;
import bnsweep.config.TrainingStep;
import bnsweep.engine.driver.DataParallelTrainer;
import bnsweep.engine.driver.EpochTiming;
import bnsweep.model.NetworkFactory;
import bnsweep.model.NetworkSpec;
import bnsweep.model.UpdaterSpec;
import bnsweep.shard.ShardedSplit;
import bnsweep.shard.WorkerShard;
import bnsweep.testutil.SparkTestSupport;
import bnsweep.testutil.SyntheticData;
import bnsweep.util.NativeBuild;
import bnsweep.util.Versions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Throughput benchmark (not a test): the 784-300-100-10 MLP, Adam, on synthetic MNIST-sized data.
 * Prints examples/s of the training engine on Spark local[W] with sync=average and sync=gradients
 * (without BN; with BN local and sync), each with bnsweep's training step ({@code BENCH_DL4J=1}: DL4J's
 * too; {@code BENCH_SINGLE=1}: DL4J's fit in one thread with no Spark), and what synchronisation
 * costs per round, for each batch size per worker; then one table ({@code RESULT} lines, which
 * submit/bench joins with PyTorch's). Run with submit/bench (see README); {@link CollectiveBenchmark}
 * measures the collective alone.
 *
 * <p>args: [workers=2] [averagingFrequency=5] [examplesPerWorker=27500] [epochs=3] [batches=32,64,128,256]
 */
public final class TrainingBenchmark {
    public static void main(String[] args) throws Exception {
        int workers = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int freq = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int perWorker = args.length > 2 ? Integer.parseInt(args[2]) : 27500;
        int epochs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        int[] batches = Arrays.stream((args.length > 4 ? args[4] : "32,64,128,256").split(",")).mapToInt(Integer::parseInt).toArray();
        System.out.println(NativeBuild.choose()); // before ND4J loads, as bnsweep.cli.Main does
        System.out.println("loaded: " + Versions.nd4jNativeBuild() + ", OPENBLAS_CORETYPE=" + System.getenv().getOrDefault("OPENBLAS_CORETYPE", "")
                + ", helpers.disable=" + System.getProperty("org.eclipse.deeplearning4j.helpers.disable", "true (default)"));
        CollectiveBenchmark.main(new String[] {String.valueOf(workers)});
        List<String> table = new ArrayList<>();
        List<WorkerShard> shards = new ArrayList<>();
        for (int k = 0; k < workers; k++) shards.add(SyntheticData.shard(k, perWorker, 784, 3));
        ShardedSplit split = bnsweep.shard.ShardedSplits.of(SparkTestSupport.sc(), shards);
        boolean singleThread = "1".equals(System.getenv("BENCH_SINGLE")), dl4jStep = "1".equals(System.getenv("BENCH_DL4J"));
        for (int batch : batches) {
            for (boolean bn : new boolean[] {false, true}) {
                NetworkSpec spec = new NetworkSpec(784, 10, new int[] {300, 100}, bnsweep.model.Activation.RELU, bn, new UpdaterSpec("adam", 1e-3, 0.9), 1);
                if (singleThread) { // BENCH_SINGLE=1: DL4J's fit in one thread, no Spark, with DL4J's BN layer and with bnsweep's
                    table.add(result(bn, batch, "dl4j-1-thread", single(NetworkFactory.initialise(spec), shards.get(0), batch, epochs,
                            "bn=" + bn + " single-thread DL4J")));
                    if (bn) {
                        table.add(result(bn, batch, "dl4j-1-thread-bnsweep-bn", single(NetworkFactory.initialise(spec,
                                f -> BatchNorm.of(f, BnMode.LOCAL, 0)), shards.get(0), batch, epochs,
                                "bn=true single-thread DL4J with bnsweep's BN layer")));
                    }
                }
                // with BN: bn = local (each worker's own moments, what PyTorch's DDP does with BatchNorm1d; PyTorch 1.13's
                // SyncBatchNorm runs on CUDA only) and bn = sync, each with both sync algorithms; BENCH_DL4J=1 adds step = dl4j
                List<Object[]> engines = new ArrayList<>();
                for (BnMode mode : bn ? List.of(BnMode.LOCAL, BnMode.SYNC) : List.of(BnMode.NONE)) {
                    for (SyncAlgorithm sync : SyncAlgorithm.values()) {
                        engines.add(new Object[] {mode, sync, TrainingStep.BNSWEEP});
                        if (dl4jStep) engines.add(new Object[] {mode, sync, TrainingStep.DL4J});
                    }
                }
                for (Object[] engine : engines) {
                    BnMode mode = (BnMode) engine[0];
                    SyncAlgorithm sync = (SyncAlgorithm) engine[1];
                    TrainingStep step = (TrainingStep) engine[2];
                    String name = "local[" + workers + "]-" + (bn ? mode.id() + "-" : "") + sync.id() + (step == TrainingStep.DL4J ? "-dl4j" : "");
                    EngineSettings settings = bnsweep.testutil.Engines.averaging(batch, freq, 1, true).withSync(sync).withStep(step);
                    MultiLayerNetwork initial = NetworkFactory.initialise(spec, f -> BatchNorm.of(f, mode, 0));
                    try (DataParallelTrainer t = new DataParallelTrainer(SparkTestSupport.sc(), initial, settings)) {
                        double rate = 0;
                        for (int e = 1; e <= epochs; e++) {
                            EpochTiming timing = t.trainEpoch(e, split, null);
                            rate = timing.examples() / timing.seconds();
                            System.out.printf(Locale.ROOT, "bn=%s %s batch %d epoch %d: %.0f examples/s (stage %.2f s;"
                                            + " per worker: loop %.2f s, in collective calls %.2f s = %.2f ms per round)%n",
                                    mode.id(), name, batch, e, rate, timing.seconds(), timing.workerLoopSeconds(),
                                    timing.workerSyncSeconds(), 1000 * timing.workerSyncSeconds() / timing.rounds());
                        }
                        table.add(result(bn, batch, name, rate));
                        t.release(split);
                    }
                }
            }
        }
        split.release();
        System.out.println("\nexamples/s in the last epoch (" + epochs + "), per-worker batch, " + workers + " workers, averaging every "
                + freq + " steps (sync=average):");
        table.forEach(System.out::println);
        SparkTestSupport.spark().stop();
        System.exit(0); // Spark's barrier-task timer thread is not a daemon and would keep the JVM alive
    }

    /** Examples/s of the last of {@code epochs} single-thread epochs of {@code net} over {@code shard}. */
    static double single(MultiLayerNetwork net, WorkerShard shard, int batch, int epochs, String what) {
        double last = 0;
        for (int e = 1; e <= epochs; e++) {
            int[] order = shard.epochOrder(1, e, true);
            long t0 = System.nanoTime();
            int steps = shard.size() / batch;
            for (int i = 0; i < steps; i++) net.fit(shard.batch(order, i * batch, (i + 1) * batch));
            last = steps * batch / ((System.nanoTime() - t0) / 1e9);
            System.out.printf(Locale.ROOT, "%s batch %d epoch %d: %.0f examples/s%n", what, batch, e, last);
        }
        return last;
    }

    /** A line submit/bench joins with PyTorch's: RESULT bn batch engine examples/s. */
    static String result(boolean bn, int batch, String engine, double rate) {
        return String.format(Locale.ROOT, "RESULT %s %d %s %.0f", bn ? "bn" : "none", batch, engine, rate);
    }
}
