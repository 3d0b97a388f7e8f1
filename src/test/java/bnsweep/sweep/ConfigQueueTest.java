package bnsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.config.SweepSettings;
import bnsweep.data.PreparedDataset;
import bnsweep.testutil.DatasetFiles;
import bnsweep.testutil.SparkTestSupport;
import bnsweep.util.Csv;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sweep.parallel: configurations trained at once, each in its own scheduler pool, end exactly as when trained one by one. */
class ConfigQueueTest {
    static final List<String> GRID = List.of("epochs=2", "hidden=16", "workers=1", "sweep.batch-sizes=16,32", "sweep.seeds=1",
            "sweep.bn=none,sync", "sweep.name=parallel");

    @TempDir
    static Path tmp;
    static PreparedDataset data;

    @BeforeAll
    static void prepare() {
        data = DatasetFiles.preparedMnist(tmp, 500, 100);
    }

    private static void sweep(Path out, List<String> overrides) {
        new SweepRunner(SparkTestSupport.spark(), data, SweepRunnerTest.settings(overrides), bnsweep.util.fs.Location.of(out), SweepRunnerTest.QUIET, bnsweep.report.ReportWriter::write).run();
    }

    @Test
    void twoAtATimeGiveTheMetricsOfOneAtATime() throws Exception {
        Path one = tmp.resolve("parallel-1"), two = tmp.resolve("parallel-2");
        sweep(one, with("sweep.parallel=1"));
        JobPools pools = new JobPools();
        SparkContext sc = SparkTestSupport.spark().sparkContext();
        sc.addSparkListener(pools);
        try {
            sweep(two, with("sweep.parallel=2"));
        } finally {
            sc.removeSparkListener(pools);
        }
        List<Map<String, String>> a = Csv.readTable(bnsweep.util.fs.Location.of(one.resolve("epochs.csv"))), b = Csv.readTable(bnsweep.util.fs.Location.of(two.resolve("epochs.csv")));
        assertEquals(8, a.size());
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            for (String col : List.of("config_id", "epoch", "train_loss", "train_acc", "val_loss", "val_acc")) {
                assertEquals(a.get(i).get(col), b.get(i).get(col), "epochs.csv row " + i + " " + col);
            }
        }
        List<Map<String, String>> ra = Csv.readTable(bnsweep.util.fs.Location.of(one.resolve("results.csv"))), rb = Csv.readTable(bnsweep.util.fs.Location.of(two.resolve("results.csv")));
        for (int i = 0; i < ra.size(); i++) {
            for (String col : List.of("config_id", "test_acc", "test_loss")) assertEquals(ra.get(i).get(col), rb.get(i).get(col), col);
        }
        assertTrue(pools.overlapped(), "jobs of two configurations' pools ran at the same time: " + pools.pools.keySet());
    }

    @Test
    void defaultIsTheMasterSlotsOverTheWidestConfiguration() {
        SweepSettings s = SweepRunnerTest.settings(List.of("sweep.workers=1,2"));
        assertEquals(4, s.parallelOn(8));
        assertEquals(1, s.parallelOn(3));
        assertEquals(1, s.parallelOn(1));
        assertEquals(3, SweepRunnerTest.settings(List.of("sweep.parallel=3")).parallelOn(1));
    }

    @Test
    void aSweepResumesWithAnotherParallel() {
        String one = SweepRunnerTest.settings(List.of("sweep.parallel=1")).fingerprint();
        assertEquals(one, SweepRunnerTest.settings(List.of("sweep.parallel=2")).fingerprint(), "sweep.parallel is operational");
        assertTrue(!one.equals(SweepRunnerTest.settings(List.of("sweep.parallel=1", "sweep.target-val-acc=0.8")).fingerprint()),
                "the sweep's other keys are in the fingerprint");
    }

    private static List<String> with(String extra) {
        List<String> l = new ArrayList<>(GRID);
        l.add(extra);
        return l;
    }

    /** Start and end time of every job, by scheduler pool. */
    static final class JobPools extends SparkListener {
        final Map<String, List<long[]>> pools = new ConcurrentHashMap<>();
        private final Map<Integer, long[]> byJob = new ConcurrentHashMap<>();

        @Override
        public void onJobStart(SparkListenerJobStart e) {
            String pool = e.properties() == null ? null : e.properties().getProperty("spark.scheduler.pool");
            long[] span = {e.time(), Long.MAX_VALUE};
            byJob.put(e.jobId(), span);
            if (pool != null) pools.computeIfAbsent(pool, p -> Collections.synchronizedList(new ArrayList<>())).add(span);
        }

        @Override
        public void onJobEnd(SparkListenerJobEnd e) {
            long[] span = byJob.get(e.jobId());
            if (span != null) span[1] = e.time();
        }

        /** Some job of one pool started before a job of another pool ended, and ended after that one started. */
        boolean overlapped() {
            List<String> names = new ArrayList<>(pools.keySet());
            for (int i = 0; i < names.size(); i++) {
                for (int j = i + 1; j < names.size(); j++) {
                    for (long[] x : pools.get(names.get(i))) {
                        for (long[] y : pools.get(names.get(j))) if (x[0] < y[1] && y[0] < x[1]) return true;
                    }
                }
            }
            return false;
        }
    }
}
