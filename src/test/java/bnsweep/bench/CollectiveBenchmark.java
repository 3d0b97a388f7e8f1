package bnsweep.bench;

import bnsweep.engine.collective.CollectiveClient;
import bnsweep.engine.collective.CollectiveHub;
import bnsweep.engine.collective.Ticket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.SparkConf;

/**
 * Latency and bandwidth of the collective's all-reduce, hub and ring: W workers (threads) and the hub in one JVM,
 * the workers connected over TCP on loopback (the cluster path) or in this JVM (what Spark local mode uses). Sizes:
 * 4 KB (BN moments of a layer) and 3.2 MB (parameters + Adam state of 784-300-100-10, what sync=average reduces per
 * round). Between processes over emulated links: submit/bench-collective ({@link CollectiveScaling}).
 *
 * <p>args: [workers=2]
 */
public final class CollectiveBenchmark {
    public static void main(String[] args) throws Exception {
        int world = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        ExecutorService pool = Executors.newFixedThreadPool(world);
        for (bnsweep.config.CollectiveAlgorithm algorithm : bnsweep.config.CollectiveAlgorithm.values())
        try (CollectiveHub hub = CollectiveHub.on("127.0.0.1", algorithm, 60_000)) {
            for (boolean local : new boolean[] {false, true})
            for (int[] sizeAndCalls : new int[][] {{1024, 3000}, {798_930, 300}}) {
                int floats = sizeAndCalls[0], calls = sizeAndCalls[1];
                Ticket t = hub.open(world);
                List<Future<long[]>> fs = new ArrayList<>();
                for (int r = 0; r < world; r++) {
                    int rank = r;
                    fs.add(pool.submit(() -> {
                        try (CollectiveClient c = local ? CollectiveClient.join(t, rank, () -> { }) : CollectiveClient.tcp(t, rank, new SparkConf(false), "127.0.0.1", () -> { })) {
                            float[] x = new float[floats];
                            long[] nanos = new long[calls];
                            for (int i = 0; i < calls; i++) {
                                long t0 = System.nanoTime();
                                c.allReduceSum(x);
                                nanos[i] = System.nanoTime() - t0;
                            }
                            return nanos;
                        }
                    }));
                }
                long[] nanos = fs.get(0).get();
                for (Future<long[]> f : fs) f.get();
                hub.finish(t.session());
                long[] warm = Arrays.copyOfRange(nanos, calls / 5, calls); // the first fifth warms the JIT up
                Arrays.sort(warm);
                double p50 = warm[warm.length / 2] / 1e6, p90 = warm[warm.length * 9 / 10] / 1e6;
                double mb = floats * 4.0 / 1e6;
                System.out.printf(Locale.ROOT, "collective %s all-reduce %s, %d workers, %.3f MB: median %.3f ms, p90 %.3f ms (%.0f MB/s per worker)%n",
                        algorithm.id(), local ? "in-process (local mode)" : "over TCP (loopback)", world, mb, p50, p90, mb / (p50 / 1000));
            }
        }
        pool.shutdownNow();
    }
}
