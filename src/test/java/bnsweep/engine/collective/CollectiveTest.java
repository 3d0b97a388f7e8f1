package bnsweep.engine.collective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The hub and its clients over real loopback connections, with workers as threads. */
class CollectiveTest {
    static final SparkConf CONF = new SparkConf(false);
    static final ExecutorService POOL = Executors.newCachedThreadPool();

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    interface Work<T> {
        T run(CollectiveClient c) throws Exception;
    }

    /** Runs {@code work} as each of the ticket's workers, each in its own thread and TCP connection. */
    static <T> List<T> asWorkers(Ticket t, Work<T> work) throws Exception {
        return asWorkers(t, false, work);
    }

    /** As above; {@code local}: the workers call the hub in this JVM directly, as Spark tasks in local mode do. */
    static <T> List<T> asWorkers(Ticket t, boolean local, Work<T> work) throws Exception {
        List<Future<T>> fs = new ArrayList<>();
        for (int r = 0; r < t.world(); r++) {
            int rank = r;
            fs.add(POOL.submit(() -> {
                try (CollectiveClient c = local ? CollectiveClient.join(t, rank) : CollectiveClient.tcp(t, rank, CONF)) {
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

    @ParameterizedTest(name = "{0} workers, in-process {1}")
    @CsvSource({"1, false", "2, false", "4, false", "2, true", "4, true"})
    void allReduceSumsInRankOrderWithUnevenArrivals(int world, boolean local) throws Exception {
        int calls = 5, n = 1001;
        try (CollectiveHub hub = new CollectiveHub(CONF, "127.0.0.1", "127.0.0.1", 20_000)) {
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
                float[] expected = data(0, call, n);
                for (int r = 1; r < world; r++) {
                    float[] x = data(r, call, n);
                    for (int i = 0; i < n; i++) expected[i] += x[i];
                }
                for (int r = 0; r < world; r++) assertArrayEquals(expected, results.get(r).get(call), "call " + call + " worker " + r);
            }
        }
    }

    /** The float64 all-reduce (SyncBN's backward sums) keeps what float32 would lose: 1 + 1e-12 survives the sum. */
    @ParameterizedTest(name = "in-process {0}")
    @ValueSource(booleans = {false, true})
    void float64AllReduceSumsInRankOrderAtFullPrecision(boolean local) throws Exception {
        int world = 3;
        try (CollectiveHub hub = new CollectiveHub(CONF, "127.0.0.1", "127.0.0.1", 20_000)) {
            Ticket t = hub.open(world);
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

    @Test
    void allGatherReturnsEveryWorkersBytesByRank() throws Exception {
        try (CollectiveHub hub = new CollectiveHub(CONF, "127.0.0.1", "127.0.0.1", 20_000)) {
            Ticket t = hub.open(3);
            List<byte[][]> results = asWorkers(t, c -> c.allGather(new byte[] {(byte) c.rank(), 7, (byte) (c.rank() * 3)}));
            for (byte[][] all : results) {
                for (int r = 0; r < 3; r++) assertArrayEquals(new byte[] {(byte) r, 7, (byte) (r * 3)}, all[r]);
            }
        }
    }

    @ParameterizedTest(name = "in-process {0}")
    @ValueSource(booleans = {false, true})
    void aWorkerThatNeverArrivesFailsTheCallWithinTheTimeOutNamingIt(boolean local) throws Exception {
        try (CollectiveHub hub = new CollectiveHub(CONF, "127.0.0.1", "127.0.0.1", 1_500)) {
            Ticket t = hub.open(3);
            long start = System.nanoTime();
            List<String> errors = new ArrayList<>();
            List<Future<?>> fs = new ArrayList<>();
            for (int rank : new int[] {0, 2}) { // worker 1 never comes
                fs.add(POOL.submit(() -> {
                    try (CollectiveClient c = local ? CollectiveClient.join(t, rank) : CollectiveClient.tcp(t, rank, CONF)) {
                        CollectiveException e = assertThrows(CollectiveException.class, () -> c.allReduceSum(new float[8]));
                        synchronized (errors) {
                            errors.add(e.getMessage());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) f.get(30, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(2, errors.size());
            for (String m : errors) assertTrue(m.contains("worker 1 did not arrive within 1.5 s"), m);
            // not before the time-out (how long after it depends on the machine's load: no upper bound here)
            assertTrue(seconds >= 1.4, "failed after " + seconds + " s, before the 1.5 s time-out");
        }
    }

    @Test
    void aMessageFromAnotherRunIsRefusedAndTheSessionGoesOn() throws Exception {
        try (CollectiveHub hub = new CollectiveHub(CONF, "127.0.0.1", "127.0.0.1", 20_000);
             CollectiveHub other = new CollectiveHub(CONF, "127.0.0.1", "127.0.0.1", 20_000)) {
            Ticket t = hub.open(2);
            Ticket foreign = other.open(2); // same session number, another run's token
            Ticket forged = new Ticket(t.host(), t.port(), foreign.token(), t.session(), 2, t.timeoutMillis());
            try (CollectiveClient intruder = CollectiveClient.tcp(forged, 0, CONF)) {
                // the hub's frame guard reads the token in the frame's head and closes the connection at once, unanswered
                CollectiveException e = assertThrows(CollectiveException.class, () -> intruder.allReduceSum(new float[] {1e6f}));
                assertTrue(e.getMessage().contains("closed"), e.getMessage());
            }
            List<float[]> sums = asWorkers(t, c -> {
                float[] x = {c.rank() + 1f};
                c.allReduceSum(x);
                return x;
            });
            for (float[] s : sums) assertArrayEquals(new float[] {3f}, s);
        }
    }

    @Test
    void aLateWorkerOfAnEarlierAttemptIsRefused() throws Exception {
        try (CollectiveHub hub = new CollectiveHub(CONF, "127.0.0.1", "127.0.0.1", 20_000)) {
            Ticket first = hub.open(1);
            hub.open(1);
            try (CollectiveClient late = CollectiveClient.tcp(first, 0, CONF)) {
                CollectiveException e = assertThrows(CollectiveException.class, () -> late.allReduceSum(new float[4]));
                assertTrue(e.getMessage().contains("is over"), e.getMessage());
            }
        }
    }

    @Test
    void mismatchedLengthsAndAbortFailEveryWaitingWorker() throws Exception {
        try (CollectiveHub hub = new CollectiveHub(CONF, "127.0.0.1", "127.0.0.1", 20_000)) {
            Ticket t = hub.open(2);
            List<String> errors = asWorkers(t, c -> {
                try {
                    c.allReduceSum(new float[c.rank() == 0 ? 4 : 5]);
                    return "no error";
                } catch (CollectiveException e) {
                    return e.getMessage();
                }
            });
            for (String m : errors) assertTrue(m.contains("of 20 bytes") || m.contains("of 16 bytes"), m);

            Ticket t2 = hub.open(2);
            Future<String> waiting = POOL.submit(() -> {
                try (CollectiveClient c = CollectiveClient.tcp(t2, 0, CONF)) {
                    c.allReduceSum(new float[1]);
                    return "no error";
                } catch (CollectiveException e) {
                    return (e.abortedByDriver() ? "aborted: " : "not marked aborted: ") + e.getMessage();
                }
            });
            // waiting already, or arriving after the abort: either way its call fails as aborted by the driver
            hub.abort(t2.session(), "the epoch's Spark stage failed");
            // over TCP too, the worker learns that the driver ended the session (its task then ends as killed)
            assertEquals("aborted: " + CollectiveHub.ABORTED + "the epoch's Spark stage failed", waiting.get(10, TimeUnit.SECONDS));
        }
    }

    @ParameterizedTest(name = "in-process {0}")
    @ValueSource(booleans = {false, true})
    void aWorkerThatLeavesMidSessionFailsTheOthersAtOnce(boolean local) throws Exception {
        try (CollectiveHub hub = new CollectiveHub(CONF, "127.0.0.1", "127.0.0.1", 60_000)) {
            Ticket t = hub.open(2);
            Future<String> waiting = POOL.submit(() -> {
                try (CollectiveClient c = local ? CollectiveClient.join(t, 0) : CollectiveClient.tcp(t, 0, CONF)) {
                    c.allGather(new byte[] {0});
                    c.allReduceSum(new float[3]);
                    return "no error";
                } catch (CollectiveException e) {
                    return e.getMessage();
                }
            });
            CollectiveClient quitter = local ? CollectiveClient.join(t, 1) : CollectiveClient.tcp(t, 1, CONF);
            quitter.allGather(new byte[] {1}); // takes part in a call, as a worker that started the epoch ...
            quitter.close(); // ... and then dies before the next call (worker 0 waiting in it already, or arriving after)
            // the reason is the closed connection, not the session's 60 s time-out (which would name a worker that did not arrive)
            String m = waiting.get(50, TimeUnit.SECONDS);
            assertTrue(m.contains("worker 1's connection closed"), m);
        }
    }

    @Test
    void refusesToListenOnAWildcardAddress() {
        assertThrows(IllegalArgumentException.class, () -> new CollectiveHub(CONF, "0.0.0.0", "127.0.0.1", 1000));
    }
}
