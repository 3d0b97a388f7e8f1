package bnsweep.bench;

import bnsweep.bn.BatchNorm;
import bnsweep.bn.BnMode;
import bnsweep.model.NetworkFactory;
import bnsweep.model.NetworkSpec;
import bnsweep.model.UpdaterSpec;
import bnsweep.shard.WorkerShard;
import bnsweep.testutil.SyntheticData;
import bnsweep.util.NativeBuild;
import bnsweep.util.Versions;

/**
 * One worker's training steps in one thread, no Spark, for a profiler (JFR): the 784-300-100-10
 * network with or without bnsweep's BN layer (bn = local), Adam, synthetic data.
 *
 * <p>args: batch [bn=true|false] [epochs=3] [examples=27500]
 */
public final class StepProfile {
    public static void main(String[] args) {
        System.out.println(NativeBuild.choose());
        int batch = Integer.parseInt(args[0]);
        boolean bn = args.length > 1 && Boolean.parseBoolean(args[1]);
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 3, n = args.length > 3 ? Integer.parseInt(args[3]) : 27500;
        System.out.println("loaded " + Versions.nd4jNativeBuild());
        WorkerShard shard = SyntheticData.shard(0, n, 784, 3);
        NetworkSpec spec = new NetworkSpec(784, 10, new int[] {300, 100}, bnsweep.model.Activation.RELU, bn, new UpdaterSpec("adam", 1e-3, 0.9), 1);
        TrainingBenchmark.single(NetworkFactory.initialise(spec, f -> BatchNorm.of(f, BnMode.LOCAL, 0)), shard, batch, epochs,
                "bn=" + bn + " one thread, DL4J fit");
    }
}
