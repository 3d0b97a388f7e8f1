package bnsweep.engine.collective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.config.CollectiveAlgorithm;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The collective with both algorithms (hub; ring with recursive doubling) and both transports (TCP on loopback, and in
 * this JVM as Spark local mode uses it), with workers as threads: its results against sums computed here in the order
 * each algorithm promises, and its failures.
 */
class CollectiveTest {
    static final SparkConf CONF = new SparkConf(false);
    /** The workers' threads, shared by this package's collective tests (daemons: nothing to shut down). */
    static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "collective-test-worker");
        t.setDaemon(true);
        return t;
    });
    static final Runnable NOT_CANCELLED = () -> { };

    interface Work<T> {
        T run(CollectiveClient c) throws Exception;
    }

    static CollectiveHub hub(CollectiveAlgorithm algorithm, long timeoutMillis) {
        return CollectiveHub.on("127.0.0.1", algorithm, timeoutMillis);
    }

    static CollectiveClient join(Ticket t, int rank, boolean local) {
        return local ? CollectiveClient.join(t, rank, NOT_CANCELLED) : CollectiveClient.tcp(t, rank, CONF, "127.0.0.1", NOT_CANCELLED);
    }

    /** Runs {@code work} as each of the ticket's workers, each in its own thread (and TCP connections, unless {@code local}). */
    static <T> List<T> asWorkers(Ticket t, boolean local, Work<T> work) throws Exception {
        List<Future<T>> fs = new ArrayList<>();
        for (int r = 0; r < t.world(); r++) {
            int rank = r;
            fs.add(POOL.submit(() -> {
                try (CollectiveClient c = join(t, rank, local)) {
                    return work.run(c);
                }
            }));
        }
        List<T> out = new ArrayList<>();
        for (Future<T> f : fs) out.add(f.get(60, TimeUnit.SECONDS));
        return out;
    }

    static float[] data(int rank, int call, int n) {
        Random r = new Random(1000L * rank + call);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian() * (1 + rank);
        return x;
    }

    /**
     * The sum each algorithm promises, computed here: the hub adds in rank order; the ring sums chunk c (of W) in the
     * order c, c+1, …, c−1. Float addition is not associative, so each order has its own bits.
     */
    static float[] expectedSum(CollectiveAlgorithm algorithm, int world, int call, int n) {
        float[][] x = new float[world][];
        for (int r = 0; r < world; r++) x[r] = data(r, call, n);
        float[] sum = new float[n];
        for (int c = 0; c < world; c++) {
            int from = algorithm == CollectiveAlgorithm.HUB ? 0 : (int) ((long) n * c / world);
            int to = algorithm == CollectiveAlgorithm.HUB ? n : (int) ((long) n * (c + 1) / world);
            int first = algorithm == CollectiveAlgorithm.HUB ? 0 : c;
            for (int i = from; i < to; i++) {
                float acc = x[first][i];
                for (int k = 1; k < world; k++) acc += x[(first + k) % world][i];
                sum[i] = acc;
            }
            if (algorithm == CollectiveAlgorithm.HUB) break;
        }
        return sum;
    }

    @ParameterizedTest(name = "{0}, {1} workers, in-process {2}")
    @CsvSource({"hub, 1, false", "hub, 2, false", "hub, 4, false", "hub, 2, true", "hub, 4, true",
                "ring, 1, false", "ring, 2, false", "ring, 3, false", "ring, 8, false", "ring, 2, true", "ring, 3, true", "ring, 8, true"})
    void allReduceGivesEveryWorkerTheSumInItsFixedOrderWhateverTheArrivals(String algorithmId, int world, boolean local) throws Exception {
        CollectiveAlgorithm algorithm = CollectiveAlgorithm.fromId(algorithmId);
        int calls = 4, n = world * (Ring.SEGMENT_FLOATS + 3_000) + 7; // several segments per chunk, chunks of unequal length
        try (CollectiveHub hub = hub(algorithm, 20_000)) {
            Ticket t = hub.open(world);
            List<List<float[]>> results = asWorkers(t, local, c -> {
                Random delay = new Random(c.rank());
                List<float[]> mine = new ArrayList<>();
                for (int call = 0; call < calls; call++) {
                    Thread.sleep(delay.nextInt(40)); // workers arrive in a different order every call
                    float[] x = data(c.rank(), call, n);
                    c.allReduceSum(x);
                    mine.add(x);
                }
                return mine;
            });
            for (int call = 0; call < calls; call++) {
                float[] expected = expectedSum(algorithm, world, call, n);
                for (int r = 0; r < world; r++) assertArrayEquals(expected, results.get(r).get(call), "call " + call + " worker " + r);
            }
        }
    }

    /** The float64 all-reduce (SyncBN's backward sums) keeps what float32 would lose, and adds in rank order with both algorithms. */
    @ParameterizedTest(name = "{0}, in-process {1}")
    @CsvSource({"hub, false", "hub, true", "ring, false", "ring, true"})
    void float64AllReduceSumsInRankOrderAtFullPrecision(String algorithm, boolean local) throws Exception {
        try (CollectiveHub hub = hub(CollectiveAlgorithm.fromId(algorithm), 20_000)) {
            Ticket t = hub.open(3);
            List<double[]> results = asWorkers(t, local, c -> {
                double[] x = {c.rank() == 0 ? 1 : 1e-12, -c.rank(), Math.PI * (c.rank() + 1)};
                if (c.rank() == 2) Thread.sleep(100); // arrives last
                c.allReduceSum(x);
                return x;
            });
            double[] expected = {(1 + 1e-12) + 1e-12, 0 - 1 - 2, (Math.PI + 2 * Math.PI) + 3 * Math.PI};
            for (double[] r : results) assertArrayEquals(expected, r, 0.0);
            assertTrue(results.get(0)[0] > 1, "float64 keeps 1e-12 next to 1");
        }
    }

    @ParameterizedTest(name = "{0}, {1} workers, in-process {2}")
    @CsvSource({"hub, 3, false", "ring, 2, false", "ring, 3, false", "ring, 5, false", "ring, 8, true", "ring, 7, true"})
    void allGatherReturnsEveryWorkersBytesByRank(String algorithm, int world, boolean local) throws Exception {
        try (CollectiveHub hub = hub(CollectiveAlgorithm.fromId(algorithm), 20_000)) {
            Ticket t = hub.open(world);
            List<byte[][]> results = asWorkers(t, local, c -> {
                byte[][] first = c.allGather(new byte[] {(byte) c.rank(), 7, (byte) (c.rank() * 3)});
                byte[][] second = c.allGather(new byte[c.rank()]); // blocks of different lengths, one empty
                for (int r = 0; r < world; r++) assertEquals(r, second[r].length);
                return first;
            });
            for (byte[][] all : results) {
                for (int r = 0; r < world; r++) assertArrayEquals(new byte[] {(byte) r, 7, (byte) (r * 3)}, all[r]);
            }
        }
    }
}
