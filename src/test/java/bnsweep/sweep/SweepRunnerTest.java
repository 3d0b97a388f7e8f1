package bnsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.config.ConfigLoader;
import bnsweep.config.SweepSettings;
import bnsweep.config.TrainKeys;
import bnsweep.config.TrainSettings;
import bnsweep.data.PreparedDataset;
import bnsweep.run.Checkpoint;
import bnsweep.run.TrainingJob;
import bnsweep.testutil.DatasetFiles;
import bnsweep.testutil.SparkTestSupport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepRunnerTest {
    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    static final List<String> SMALL = List.of("epochs=2", "hidden=16", "workers=2", "sweep.batch-sizes=16,32",
            "sweep.seeds=1,2", "sweep.bn=none,sync", "sweep.target-val-acc=0.5", "sweep.name=test, with a comma");

    @TempDir
    static Path tmp;
    static PreparedDataset data;

    @BeforeAll
    static void prepare() {
        data = DatasetFiles.preparedMnist(tmp, 500, 100);
    }

    static SweepSettings settings(List<String> overrides) {
        return SweepSettings.from(ConfigLoader.load(Path.of("conf/smoke-sweep.conf"), overrides));
    }

    static void sweep(Path out, List<String> overrides) {
        new SweepRunner(SparkTestSupport.spark(), data, settings(overrides), bnsweep.util.fs.Location.of(out), QUIET, bnsweep.report.ReportWriter::write).run();
    }

    /** epochs.csv rows without the two timing columns (which differ between runs). */
    static List<String> metrics(Path epochsCsv) throws IOException {
        return Files.readAllLines(epochsCsv).stream().skip(1)
                .map(l -> String.join(",", Arrays.copyOfRange(l.split(","), 0, 11))).collect(Collectors.toList());
    }

    @Test
    void aDivergingRunStopsIsRecordedAndCountsAtItsLearningRate() throws IOException {
        Path out = tmp.resolve("diverging");
        sweep(out, List.of("epochs=3", "hidden=16", "workers=2", "updater=sgd", "momentum=0", "sweep.bn=none", "sweep.batch-sizes=16",
                "sweep.seeds=1", "sweep.learning-rates=0.05,100000", "sweep.claims=higher-learning-rates", "sweep.name=diverging"));
        Map<String, Map<String, String>> results = bnsweep.util.Csv.readTable(bnsweep.util.fs.Location.of(out.resolve("results.csv"))).stream()
                .collect(Collectors.toMap(r -> r.get("learning_rate"), r -> r));
        Map<String, String> diverged = results.get("100000"), fine = results.get("0.0500000");
        assertEquals("true", diverged.get("diverged"), diverged.toString());
        assertEquals("1", diverged.get("epochs"), "stopped after the epoch in which it diverged");
        assertFalse(diverged.get("test_acc").isEmpty(), "tested as it stands");
        assertEquals("false", fine.get("diverged"));
        assertEquals("3", fine.get("epochs"));
        assertEquals(1 + 3 + 1, Files.readAllLines(out.resolve("epochs.csv")).size(), "header, 3 epochs and 1: the diverged run's later epochs are not run");
        Map<String, String> tuned = bnsweep.util.Csv.readTable(bnsweep.util.fs.Location.of(out.resolve("tuned.csv"))).get(0);
        assertEquals(0.05, Double.parseDouble(tuned.get("best_learning_rate")), 1e-12);
        assertEquals(0.05, Double.parseDouble(tuned.get("largest_stable_learning_rate")), 1e-12);
        assertEquals("1", tuned.get("diverged"));
        assertTrue(bnsweep.util.Csv.readTable(bnsweep.util.fs.Location.of(out.resolve("summary.csv"))).stream()
                .anyMatch(r -> r.get("diverged").equals("1")), "summary.csv counts it");
        String report = Files.readString(out.resolve("summary.md"));
        assertTrue(report.contains("## Claims") && report.contains("## Learning rates") && report.contains("1 of 2 runs diverged"), report);
        assertTrue(Files.isDirectory(out.resolve("tuned.parquet")) && Files.isDirectory(out.resolve("claims.parquet")));
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.indexOf("<h2>Claims</h2>") > 0 && html.indexOf("<h2>Claims</h2>") < html.indexOf("<h2>Answer</h2>"),
                "a sweep that tests a claim opens with it");
        assertTrue(html.contains("data-view=\"test-acc-vs-learning-rate\"><figure>"), "the learning-rate chart is drawn");
    }

    @Test
    void runsTheGridAndAggregates() throws IOException {
        Path out = tmp.resolve("sweep");
        sweep(out, SMALL);
        assertEquals(8, Files.list(out.resolve("configs")).count());
        List<String> results = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(9, results.size());
        assertEquals(17, Files.readAllLines(out.resolve("epochs.csv")).size());
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals(SummaryTable.CSV.header(), summary.get(0));
        assertEquals(5, summary.size(), "one row per (bn, batch size)");
        for (String row : summary.subList(1, 5)) {
            String[] f = row.split(",", -1);
            assertEquals("mnist", f[0]);
            assertEquals("2", f[3], "two seeds");
            if (f[1].equals("sync")) {
                assertFalse(f[18].isEmpty(), "BN minus none: " + row);
                assertFalse(f[19].isEmpty(), "Welch p-value: " + row);
                double p = Double.parseDouble(f[19]);
                assertTrue(p >= 0 && p <= 1);
            } else {
                assertTrue(f[18].isEmpty() && f[19].isEmpty(), row);
            }
            assertEquals("0.500000", f[10]);
        }
        assertEquals(8, SparkTestSupport.spark().read().parquet(out.resolve("results.parquet").toString()).count());
        assertEquals(4, SparkTestSupport.spark().read().parquet(out.resolve("summary.parquet").toString()).count());
        assertTrue(Files.readString(out.resolve("manifest.json")).contains("\"status\" : \"complete\""));
        for (String f : List.of("report.html", "summary.md")) {
            assertTrue(Files.getLastModifiedTime(out.resolve(f)).compareTo(Files.getLastModifiedTime(out.resolve("manifest.json"))) <= 0,
                    f + " is written before the manifest says complete");
        }
        assertTrue(Files.isSymbolicLink(out.resolve("summary.parquet")), "a table is switched in one step");
        assertTrue(Files.readString(out.resolve("report.html")).contains("&quot;status&quot; : &quot;complete&quot;"),
                "the report shows the final manifest");
        assertTrue(Files.list(out.resolve("configs")).noneMatch(d -> Files.exists(d.resolve(Checkpoint.FILE))));

        // a second run of the same command trains nothing and leaves the results as they were
        Path one = out.resolve("configs/mnist-sync-b16-w2-s1/results.csv");
        FileTime before = Files.getLastModifiedTime(one);
        sweep(out, SMALL);
        assertEquals(before, Files.getLastModifiedTime(one));
        List<String> history = Files.readAllLines(out.resolve(RunHistory.FILE));
        assertEquals(RunHistory.HEADER, history.get(0));
        assertTrue(bnsweep.util.Csv.readTable(bnsweep.util.fs.Location.of(out.resolve(RunHistory.FILE))).stream().allMatch(r -> r.get("sweep").equals("test, with a comma")),
                "the sweep name is one quoted field");
        assertEquals(3, history.size());
        assertTrue(history.get(1).endsWith(",complete") && history.get(2).endsWith(",complete"), history.toString());

        // a row left "running" by a killed run is marked interrupted by the next run
        Files.writeString(out.resolve(RunHistory.FILE), history.get(2).replace(",complete", ",running").replaceFirst("^[^,]*", "killed-run") + "\n",
                StandardOpenOption.APPEND);
        sweep(out, SMALL);
        List<String> after = Files.readAllLines(out.resolve(RunHistory.FILE));
        assertTrue(after.get(3).startsWith("killed-run,") && after.get(3).endsWith(",interrupted"), after.toString());
        assertTrue(after.get(4).endsWith(",complete"), after.toString());

        // a changed configuration is refused, naming the file that fixes the sweep
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sweep(out, List.of("epochs=3", "hidden=16", "sweep.batch-sizes=16,32", "sweep.seeds=1,2", "sweep.name=test")));
        assertTrue(e.getMessage().contains("sweep.json") && e.getMessage().contains("different configuration"), e.getMessage());
    }

    @Test
    void aBatchTooLargeForAShardIsFoundBeforeAnythingTrains() {
        Path out = tmp.resolve("too-large");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sweep(out, List.of("epochs=1", "hidden=8",
                "sweep.batch-sizes=16,300", "sweep.seeds=1", "sweep.bn=none,sync", "sweep.workers=1,2")));
        assertTrue(e.getMessage().contains("in 2 configuration(s)") && e.getMessage().contains("mnist-none-b300-w2-s1 (batch 300 > 200)")
                && e.getMessage().contains("mnist-sync-b300-w2-s1"), e.getMessage());
        assertFalse(Files.exists(out.resolve("configs")), "nothing trained");
    }

    @Test
    void noStateLeaksFromOneConfigurationToTheNext() throws IOException {
        Path alone = tmp.resolve("alone"), after = tmp.resolve("after");
        sweep(alone, List.of("epochs=2", "hidden=16", "sweep.batch-sizes=16", "sweep.seeds=2", "sweep.bn=sync"));
        sweep(after, List.of("epochs=2", "hidden=16", "sweep.batch-sizes=32,16", "sweep.seeds=1,2", "sweep.bn=sync,none"));
        assertEquals(metrics(alone.resolve("configs/mnist-sync-b16-w2-s2/epochs.csv")),
                metrics(after.resolve("configs/mnist-sync-b16-w2-s2/epochs.csv")));
    }

    @Test
    void aKilledConfigurationResumesToTheSameResult() throws IOException {
        TrainSettings c = settings(List.of("epochs=3", "hidden=16", "sweep.bn=sync")).base()
                .with(TrainKeys.BN, bnsweep.bn.BnMode.SYNC).with(TrainKeys.BATCH_SIZE, 16).with(TrainKeys.SEED, 5L);
        Path straight = tmp.resolve("straight"), killed = tmp.resolve("killed");
        new TrainingJob(SparkTestSupport.spark(), data, QUIET).run(c, bnsweep.util.fs.Location.of(straight));

        TrainingJob.SweepProgress dieAfterEpochOne = new TrainingJob.SweepProgress() {
            @Override
            public String label() {
                return "";
            }

            @Override
            public void epochDone() {
                throw new IllegalStateException("killed");
            }
        };
        assertThrows(IllegalStateException.class, () -> new TrainingJob(SparkTestSupport.spark(), data, QUIET, dieAfterEpochOne).run(c, bnsweep.util.fs.Location.of(killed)));
        assertEquals(1, Checkpoint.load(bnsweep.util.fs.Location.of(killed), c, data).completedEpochs());
        assertTrue(Files.readString(killed.resolve("manifest.json")).contains("\"status\" : \"failed\""));

        new TrainingJob(SparkTestSupport.spark(), data, QUIET).run(c, bnsweep.util.fs.Location.of(killed));
        assertEquals(metrics(straight.resolve("epochs.csv")), metrics(killed.resolve("epochs.csv")));
        String[] a = Files.readAllLines(straight.resolve("results.csv")).get(1).split(","),
                b = Files.readAllLines(killed.resolve("results.csv")).get(1).split(",");
        assertEquals(Arrays.asList(a).subList(0, 10), Arrays.asList(b).subList(0, 10), "everything but total_seconds");
        assertTrue(Files.readString(killed.resolve("manifest.json")).contains("\"resumed_after_epoch\" : 1"));
        assertFalse(Files.exists(killed.resolve(Checkpoint.FILE)));
    }
}
