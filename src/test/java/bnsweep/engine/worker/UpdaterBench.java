package bnsweep.engine.worker;

import bnsweep.bn.BatchNorm;
import bnsweep.bn.BnMode;
import bnsweep.model.Activation;
import bnsweep.model.NetworkFactory;
import bnsweep.model.NetworkSpec;
import bnsweep.model.UpdaterSpec;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** Microbenchmark (not a test): DenseUpdater.step on the 784-300-100-10 network's 266,610 parameters. */
public final class UpdaterBench {
    public static void main(String[] args) {
        bnsweep.util.NativeBuild.choose();
        NetworkSpec spec = new NetworkSpec(784, 10, new int[] {300, 100}, Activation.RELU, true, new UpdaterSpec("adam", 1e-3, 0.9), 1);
        MultiLayerNetwork net = NetworkFactory.initialise(spec, f -> BatchNorm.of(f, BnMode.LOCAL, 0));
        DenseUpdater u = DenseUpdater.of(net);
        int n = (int) net.params().length();
        float[] p = new float[n], g = new float[n], fresh = new float[n];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < n; i++) fresh[i] = (float) r.nextGaussian();
        for (int rep = 0; rep < 8; rep++) {
            long t0 = System.nanoTime();
            for (int it = 0; it < 200; it++) {
                System.arraycopy(fresh, 0, g, 0, n);
                u.step(p, g, 32, it);
            }
            System.out.printf("%.3f ms per step%n", (System.nanoTime() - t0) / 2e8);
        }
    }
}
