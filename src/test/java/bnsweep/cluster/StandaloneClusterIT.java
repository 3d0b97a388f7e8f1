package bnsweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.cli.Main;
import bnsweep.data.DatasetKind;
import bnsweep.data.DatasetPreparer;
import bnsweep.testutil.DatasetFiles;
import bnsweep.testutil.MiniHdfs;
import bnsweep.testutil.SparkTestSupport;
import bnsweep.util.AtomicFiles;
import bnsweep.util.fs.Location;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Spark standalone clusters from the build's jars (a Master and two one-core Workers as
 * separate JVMs), the application submitted through submit/bnsweep in client mode: the smoke
 * sweep, on local disk and on HDFS; an executor killed in the middle of an epoch; a Worker on a second host (its own network
 * namespace), so that driver, executors and the collective must use non-loopback addresses.
 */
@Tag("cluster")
class StandaloneClusterIT {
    @TempDir
    Path tmp;

    /** A small generated MNIST, prepared under {@code tmp}/data. */
    static Path prepare(Path tmp, int trainImages) {
        Path data = tmp.resolve("data");
        prepare(tmp, trainImages, Location.of(data));
        return data;
    }

    static void prepare(Path tmp, int trainImages, Location data) {
        DatasetFiles files = new DatasetFiles();
        Path src = files.mnist(tmp.resolve("src"), trainImages, 200, 28, 28);
        new DatasetPreparer(DatasetKind.MNIST, data, 100, 42, false, new PrintStream(OutputStream.nullOutputStream()), files.published())
                .prepare(src, SparkTestSupport.spark());
    }

    static String finish(Process driver, Path log, int minutes) throws Exception {
        boolean finished = driver.waitFor(minutes, TimeUnit.MINUTES);
        String output = Files.readString(log);
        assertTrue(finished, "the driver did not finish in " + minutes + " minutes:\n" + output);
        assertEquals(0, driver.exitValue(), output);
        return output;
    }

    @Test
    void smokeSweepOnAStandaloneCluster() throws Exception {
        try (LocalCluster cluster = new LocalCluster(tmp.resolve("cluster"), "127.0.0.1")) {
            cluster.worker("worker1", List.of(), "127.0.0.1");
            cluster.worker("worker2", List.of(), "127.0.0.1");
            cluster.awaitAliveWorkers(2);
            Path data = prepare(tmp, 600);
            Path out = tmp.resolve("sweep"), log = tmp.resolve("submit.log");
            long t0 = System.nanoTime();
            String output = finish(cluster.submit(log, "127.0.0.1", "sweep", "--config", "conf/smoke-sweep.conf", "--data-dir",
                    data.toString(), "--out", out.toString(), "sweep.batch-sizes=32", "sweep.seeds=1", "hidden=16"), log, 8);
            System.out.printf("smoke sweep wall time, launcher to exit: standalone cluster %.0f s%n", (System.nanoTime() - t0) / 1e9);

            JsonNode manifest = AtomicFiles.JSON.readTree(out.resolve("manifest.json").toFile());
            assertEquals("complete", manifest.path("status").asText(), output);
            assertEquals(cluster.url, manifest.path("spark_master").asText());
            List<String> results = Files.readAllLines(out.resolve("results.csv"));
            assertEquals(3, results.size(), String.join("\n", results));
            for (String row : results.subList(1, 3)) assertTrue(Double.parseDouble(row.split(",")[8]) > 0.5, row);
            assertEquals(3, Files.readAllLines(out.resolve("summary.csv")).size());
            JsonNode config = AtomicFiles.JSON.readTree(out.resolve("configs/mnist-sync-b32-w2-s1/manifest.json").toFile());
            assertEquals(cluster.url, config.path("spark_master").asText());
            assertTrue(cluster.executorsEverRunUnder("worker1") >= 1 && cluster.executorsEverRunUnder("worker2") >= 1,
                    "the work ran in executors that both Workers launched");
        }
    }

    /** Data and output on HDFS: the executors (JVMs the Workers launched) read the Parquet splits and write the tables' parts there. */
    @Test
    void smokeSweepOnHdfs() throws Exception {
        try (MiniHdfs hdfs = MiniHdfs.start(tmp.resolve("hdfs")); LocalCluster cluster = new LocalCluster(tmp.resolve("cluster"), "127.0.0.1")) {
            cluster.worker("worker1", List.of(), "127.0.0.1");
            cluster.worker("worker2", List.of(), "127.0.0.1");
            cluster.awaitAliveWorkers(2);
            String data = hdfs.uri("/data"), out = hdfs.uri("/runs/smoke");
            prepare(tmp, 600, Location.of(data));
            Path log = tmp.resolve("hdfs-submit.log");
            String output = finish(cluster.submit(log, "127.0.0.1", "sweep", "--config", "conf/smoke-sweep.conf", "--data-dir", data,
                    "--out", out, "sweep.batch-sizes=32", "sweep.seeds=1", "hidden=16"), log, 8);
            Location o = Location.of(out);
            assertEquals("complete", AtomicFiles.JSON.readTree(o.resolve("manifest.json").readBytes()).path("status").asText(), output);
            assertEquals(2, SparkTestSupport.spark().read().parquet(out + "/results.parquet").count());
            assertTrue(o.resolve("report.html").isFile() && !o.resolve(".bnsweep.lock").exists(), output);
            assertTrue(cluster.executorsEverRunUnder("worker1") >= 1 && cluster.executorsEverRunUnder("worker2") >= 1,
                    "the work ran in executors that both Workers launched");
        }
    }

    @Test
    void anEpochWhoseExecutorIsKilledRunsAgainAndEndsAsAnUninterruptedRun() throws Exception {
        try (LocalCluster cluster = new LocalCluster(tmp.resolve("cluster"), "127.0.0.1")) {
            cluster.worker("worker1", List.of(), "127.0.0.1");
            cluster.worker("worker2", List.of(), "127.0.0.1");
            cluster.awaitAliveWorkers(2);
            Path data = prepare(tmp, 3000);
            List<String> train = List.of("train", "--config", "conf/mnist.conf", "--data-dir", data.toString(), "hidden=[64,64]", "learning-rate=0.0002",
                    "batch-size=4", "sync=gradients", "epochs=2", "workers=2", "bn=sync", "seed=3", "progress-interval=0.5",
                    "collective=ring"); // every step all-reduces its gradients in the ring: the kill lands in or between ring exchanges
            Path out = tmp.resolve("killed"), log = tmp.resolve("killed.log");
            List<String> args = new ArrayList<>(train);
            args.addAll(List.of("--out", out.toString()));
            Process driver = cluster.submit(log, "127.0.0.1", args.toArray(String[]::new));

            awaitLine(log, "epoch 2/2: step", driver); // epoch 2's stage is running and has made progress
            List<ProcessHandle> executors = cluster.executors();
            assertEquals(2, executors.size(), "executors running: " + executors);
            executors.get(0).destroyForcibly(); // SIGKILL: the JVM is gone, with its tasks and its cached shard
            String output = finish(driver, log, 6);
            assertTrue(output.contains("epoch 2/2: attempt 1 of 3 failed"), output);
            assertFalse(output.contains("epoch 2/2: attempt 2 of 3 failed"), "one lost executor costs one attempt:\n" + output);
            output.lines().filter(l -> l.contains("attempt")).forEach(l -> System.out.println("killed executor " + executors.get(0).pid()
                    + "; the driver said: " + l));

            Path reference = tmp.resolve("reference");
            List<String> refArgs = new ArrayList<>(train);
            refArgs.addAll(List.of("--out", reference.toString()));
            StringWriter err = new StringWriter();
            assertEquals(0, Main.run(new PrintWriter(err, true), refArgs.toArray(String[]::new)), err.toString());

            assertEquals(columns(reference.resolve("epochs.csv"), 11), columns(out.resolve("epochs.csv"), 11), output);
            assertEquals(columns(reference.resolve("results.csv"), 10), columns(out.resolve("results.csv"), 10), output);
        }
    }

    @Test
    void aWorkerOnAnotherHostTrainsThroughNonLoopbackAddresses() throws Exception {
        NetNamespace ns;
        try {
            ns = NetNamespace.create();
        } catch (IOException e) {
            Assumptions.abort("cannot create a network namespace here, so there is no second host: " + e.getMessage());
            return;
        }
        try (ns; LocalCluster cluster = new LocalCluster(tmp.resolve("cluster"), ns.hostAddress)) {
            cluster.worker("worker1", List.of(), ns.hostAddress);
            cluster.worker("worker2", ns.exec(), ns.nsAddress);
            cluster.awaitAliveWorkers(2);
            Path data = prepare(tmp, 600);
            Path out = tmp.resolve("two-hosts"), log = tmp.resolve("two-hosts.log");
            String output = finish(cluster.submit(log, ns.hostAddress, "train", "--config", "conf/mnist.conf", "--data-dir",
                    data.toString(), "--out", out.toString(), "hidden=16", "epochs=2", "workers=2", "batch-size=16"), log, 6);
            JsonNode manifest = AtomicFiles.JSON.readTree(out.resolve("manifest.json").toFile());
            assertEquals("complete", manifest.path("status").asText(), output);
            assertTrue(cluster.executorsEverRunUnder("worker2") >= 1, "an executor ran on the second host");
            String executorLog;
            try (var files = Files.walk(cluster.dir.resolve("worker2"))) {
                Path stderr = files.filter(p -> p.getFileName().toString().equals("stderr")).findFirst().orElseThrow();
                executorLog = Files.readString(stderr);
            }
            assertTrue(executorLog.contains("@" + ns.hostAddress + ":"), "the executor on the second host reached the driver at "
                    + ns.hostAddress + ":\n" + executorLog);
        }
    }

    /** The first {@code n} columns of every row of a CSV file (times come after them). */
    static List<String> columns(Path csv, int n) throws IOException {
        List<String> out = new ArrayList<>();
        for (String row : Files.readAllLines(csv)) out.add(String.join(",", Arrays.asList(row.split(",")).subList(0, n)));
        return out;
    }

    static void awaitLine(Path log, String text, Process driver) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            String output = Files.readString(log);
            if (output.contains(text)) return;
            assertTrue(driver.isAlive(), "the driver ended before printing '" + text + "':\n" + output);
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' in 5 minutes:\n" + Files.readString(log));
    }
}
