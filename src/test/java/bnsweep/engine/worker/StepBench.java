package bnsweep.engine.worker;

import bnsweep.bn.BatchNorm;
import bnsweep.bn.BnMode;
import bnsweep.model.Activation;
import bnsweep.model.NetworkFactory;
import bnsweep.model.NetworkSpec;
import bnsweep.model.UpdaterSpec;
import bnsweep.shard.WorkerShard;
import bnsweep.testutil.SyntheticData;
import bnsweep.util.NativeBuild;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * One worker's steps of bnsweep's training step in one thread, no Spark, no exchange (a benchmark and
 * a profiler's target, not a test): the 784-300-100-10 network, Adam. args: batch [bn=none|local] [epochs=3]
 */
public final class StepBench {
    public static void main(String[] args) {
        System.out.println(NativeBuild.choose());
        int batch = Integer.parseInt(args[0]);
        BnMode mode = BnMode.fromId(args.length > 1 ? args[1] : "none");
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        WorkerShard shard = SyntheticData.shard(0, 27500, 784, 3);
        NetworkSpec spec = new NetworkSpec(784, 10, new int[] {300, 100}, Activation.RELU, mode.batchNorm(), new UpdaterSpec("adam", 1e-3, 0.9), 1);
        MultiLayerNetwork net = NetworkFactory.initialise(spec, f -> BatchNorm.of(f, mode, 0));
        DenseStep step = DenseStep.of(net, batch);
        for (int e = 1; e <= epochs; e++) {
            int[] order = shard.epochOrder(1, e, true);
            int steps = shard.size() / batch;
            long t0 = System.nanoTime();
            double loss = 0;
            step.pull();
            for (int i = 0; i < steps; i++) loss += step.fit(shard, order, i * batch, null, null, new SplittableRandom(i));
            step.push();
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("bn=%s batch %d epoch %d: %.0f examples/s, %.3f ms per step, loss %.4f%n", mode.id(), batch, e, steps * batch / s,
                    1000 * s / steps, loss / steps);
        }
    }
}
