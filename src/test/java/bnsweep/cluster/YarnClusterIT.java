package bnsweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.cli.Main;
import bnsweep.data.DatasetKind;
import bnsweep.data.DatasetPreparer;
import bnsweep.testutil.DatasetFiles;
import bnsweep.testutil.MiniHdfs;
import bnsweep.testutil.SparkTestSupport;
import bnsweep.util.AtomicFiles;
import bnsweep.util.Csv;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark on a real YARN that the test starts (MiniYARNCluster with a MiniDFSCluster, as Spark's
 * YarnClusterSuite does), the application submitted through submit/bnsweep as a user would, with no
 * Spark installation: the smoke sweep in client and in cluster deploy mode with data and output on
 * HDFS and the executors in two containers; an executor container's JVM killed in the middle of an
 * epoch; and a training asking for more workers than the containers give. Set BNSWEEP_TEST_LOG_LEVEL=INFO to see
 * spark-submit's YARN client at work in a failing test's output.
 */
@Tag("cluster")
class YarnClusterIT {
    static final Pattern APP_ID = Pattern.compile("application_\\d+_\\d+");
    static Path dir;
    static MiniHdfs hdfs;
    static MiniYarn yarn;
    static String data;
    /** Every launcher this test started: stopped, with what they started, when the tests end (a failed wait leaves one running). */
    static final List<Process> STARTED = new ArrayList<>();

    @BeforeAll
    static void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        hdfs = MiniHdfs.start(tmp.resolve("hdfs"));
        String fs = hdfs.uri("");
        yarn = new MiniYarn(tmp.resolve("yarn"), 1, 6144, fs);
        data = hdfs.uri("/data");
        DatasetFiles files = new DatasetFiles();
        Path src = files.mnist(tmp.resolve("src"), 600, 200, 28, 28);
        new DatasetPreparer(DatasetKind.MNIST, Location.of(data), 100, 42, false, new PrintStream(OutputStream.nullOutputStream()),
                files.published()).prepare(src, SparkTestSupport.spark());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (Process p : STARTED) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (yarn != null) yarn.close();
        if (hdfs != null) hdfs.close();
    }

    /** Runs submit/bnsweep with {@code args} and --master yarn, output to {@code log}, as a user would (no SPARK_HOME). */
    static Process submit(Path log, String... args) throws IOException {
        return submit(log, true, args);
    }

    /** @param generic the generic ND4J build everywhere (results compared with this JVM's); else each JVM's choice, as a user's */
    static Process submit(Path log, boolean generic, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(LocalCluster.ROOT.resolve("submit/bnsweep").toString()));
        cmd.addAll(Arrays.asList(args));
        cmd.addAll(List.of("--master", "yarn", "--num-executors", "2", "--executor-cores", "1", "--executor-memory", "1g",
                "--driver-memory", "1g", "--conf", "spark.yarn.am.memory=512m", "--conf", "spark.executor.memoryOverhead=256m",
                "--conf", "spark.driver.memoryOverhead=256m"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(LocalCluster.ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("SPARK_HOME");
        pb.environment().remove("SPARK_LOCAL_IP");
        pb.environment().put("HADOOP_CONF_DIR", yarn.confDir.toString());
        // the generic ND4J build in every container, as in this JVM: results are compared digit by digit with a run here
        if (generic) pb.environment().put("BNSWEEP_NATIVE_BUILD", "generic");
        else pb.environment().remove("BNSWEEP_NATIVE_BUILD");
        if (System.getenv("BNSWEEP_TEST_LOG_LEVEL") != null) pb.environment().put("BNSWEEP_LOG_LEVEL", System.getenv("BNSWEEP_TEST_LOG_LEVEL"));
        Process p = pb.start();
        STARTED.add(p);
        return p;
    }

    static String appId(String output) {
        Matcher m = APP_ID.matcher(output);
        assertTrue(m.find(), "no YARN application in the output:\n" + output);
        return m.group();
    }

    static JsonNode json(Location f) throws IOException {
        return AtomicFiles.JSON.readTree(f.readBytes());
    }

    /** The smoke sweep on HDFS; returns the launcher's output. */
    static String smokeSweep(String deployMode, String out, boolean generic, String... more) throws Exception {
        Path log = dir.resolve(deployMode + ".log");
        List<String> args = new ArrayList<>(List.of("sweep", "--config", "conf/smoke-sweep.conf", "--data-dir", data, "--out", out,
                "--deploy-mode", deployMode, "sweep.batch-sizes=32", "sweep.seeds=1", "hidden=16"));
        args.addAll(List.of(more));
        Process p = submit(log, generic, args.toArray(String[]::new));
        String output = StandaloneClusterIT.finish(p, log, 5);
        Location o = Location.of(out);
        assertEquals("complete", json(o.resolve("manifest.json")).path("status").asText(), output);
        assertEquals("yarn", json(o.resolve("configs/mnist-sync-b32-w2-s1/manifest.json")).path("spark_master").asText());
        List<Map<String, String>> results = Csv.readTable(o.resolve("results.csv"));
        assertEquals(2, results.size(), output);
        for (Map<String, String> r : results) assertTrue(Double.parseDouble(r.get("test_acc")) > 0.5, r.toString());
        assertTrue(o.resolve("report.html").isFile() && o.resolve("summary.parquet").exists(), output);
        assertTrue(yarn.containerLogs(appId(output), "stderr").size() >= 3, "an application master and executors in two containers");
        return output;
    }

    /** Also the same sweep in local mode through the launcher: YARN's metrics equal local mode's in every column but times. */
    @Test
    void smokeSweepInClientMode() throws Exception {
        long t0 = System.nanoTime();
        String output = smokeSweep("client", hdfs.uri("/runs/client"), true);
        double yarnSeconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(output.contains("bnsweep: YARN application " + appId(output)), output);
        assertTrue(output.contains("epoch 1/1"), "client mode: the driver's progress on the terminal\n" + output);

        Path localOut = dir.resolve("local"), log = dir.resolve("local.log");
        ProcessBuilder pb = new ProcessBuilder(LocalCluster.ROOT.resolve("submit/bnsweep").toString(), "sweep", "--config",
                "conf/smoke-sweep.conf", "--data-dir", data, "--out", localOut.toString(), "sweep.batch-sizes=32", "sweep.seeds=1", "hidden=16")
                .directory(LocalCluster.ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("SPARK_HOME");
        pb.environment().put("BNSWEEP_NATIVE_BUILD", "generic");
        long t1 = System.nanoTime();
        Process local = pb.start();
        STARTED.add(local);
        String localOutput = StandaloneClusterIT.finish(local, log, 5);
        System.out.printf("smoke sweep wall time, launcher to exit: YARN client mode %.0f s, local[2] %.0f s%n", yarnSeconds,
                (System.nanoTime() - t1) / 1e9);
        Path yarnResults = dir.resolve("client-results.csv");
        Files.write(yarnResults, Location.of(hdfs.uri("/runs/client/results.csv")).readBytes());
        assertEquals(StandaloneClusterIT.columns(localOut.resolve("results.csv"), 10), StandaloneClusterIT.columns(yarnResults, 10),
                localOutput);
    }

    @Test
    void smokeSweepInClusterMode() throws Exception {
        long t0 = System.nanoTime();
        // ND4J's builds as a user gets them (target/natives shipped with --jars), the executors' plugin logging what it loaded
        String output = smokeSweep("cluster", hdfs.uri("/runs/cluster"), false, "--conf",
                "spark.executor.extraJavaOptions=-Dbnsweep.log.level=INFO");
        System.out.printf("smoke sweep wall time, launcher to exit: YARN cluster mode %.0f s%n", (System.nanoTime() - t0) / 1e9);
        String id = appId(output);
        String build = bnsweep.testutil.SimulatedCpuJvm.expectedBuildOfThisCpu();
        assertEquals(build, json(Location.of(hdfs.uri("/runs/cluster/manifest.json"))).path("versions").path("nd4j-native-build").asText(),
                "the driver in its container loaded the build this CPU runs");
        int executorsWithBuild = 0;
        for (Path stderr : yarn.containerLogs(id, "stderr")) {
            String log = Files.readString(stderr);
            if (log.contains("NativeBuildPlugin: executor") && log.contains(build)) executorsWithBuild++;
        }
        assertTrue(executorsWithBuild >= 2, "each executor container loaded " + build + " (found in " + executorsWithBuild + ")");
        assertTrue(output.contains("follow it with: yarn application -status " + id + "; its logs: yarn logs -applicationId " + id), output);
        assertFalse(output.contains("epoch 1/1"), "cluster mode: the driver runs in a container, its progress goes to its log\n" + output);
        String driverLog = "";
        for (Path stdout : yarn.containerLogs(id, "stdout")) driverLog += Files.readString(stdout);
        assertTrue(driverLog.contains("sweep smoke complete"), "the driver's progress is in its container's log:\n" + driverLog);
    }

    @Test
    void clusterModeRefusesALocalOutputDirectory() throws Exception {
        Path log = dir.resolve("local-out.log");
        Process p = submit(log, "sweep", "--config", "conf/smoke-sweep.conf", "--data-dir", data, "--out", "runs/x", "--deploy-mode", "cluster");
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        String output = Files.readString(log);
        assertNotEquals(0, p.exitValue(), output);
        assertEquals(1, output.lines().count(), output);
        assertTrue(output.startsWith("bnsweep: --out 'runs/x' is on this machine's disk"), output);
    }

    @Test
    void anEpochWhoseExecutorContainerIsKilledRunsAgainAndEndsAsAnUninterruptedRun() throws Exception {
        List<String> train = List.of("train", "--config", "conf/mnist.conf", "--data-dir", data, "hidden=[64,64]", "learning-rate=0.0002",
                "batch-size=4", "sync=gradients", "epochs=2", "workers=2", "bn=sync", "seed=3", "progress-interval=0.5");
        List<String> args = new ArrayList<>(train);
        String out = hdfs.uri("/runs/killed");
        args.addAll(List.of("--out", out));
        Path log = dir.resolve("killed.log");
        Process driver = submit(log, args.toArray(String[]::new));
        StandaloneClusterIT.awaitLine(log, "epoch 2/2: step", driver);
        List<ProcessHandle> executors = MiniYarn.containerJvms("CoarseGrainedExecutorBackend");
        assertEquals(2, executors.size(), "executor containers running: " + executors);
        executors.get(0).destroyForcibly(); // SIGKILL: the container's JVM is gone, with its tasks and its cached shard
        String output = StandaloneClusterIT.finish(driver, log, 8);
        assertTrue(output.contains("epoch 2/2: attempt 1 of 3 failed"), output);

        Path reference = dir.resolve("reference");
        List<String> refArgs = new ArrayList<>(train);
        refArgs.addAll(List.of("--out", reference.toString()));
        StringWriter err = new StringWriter();
        assertEquals(0, Main.run(new PrintWriter(err, true), refArgs.toArray(String[]::new)), err.toString());
        Location o = Location.of(out);
        Path killedEpochs = dir.resolve("killed-epochs.csv"), killedResults = dir.resolve("killed-results.csv");
        Files.write(killedEpochs, o.resolve("epochs.csv").readBytes());
        Files.write(killedResults, o.resolve("results.csv").readBytes());
        assertEquals(StandaloneClusterIT.columns(reference.resolve("epochs.csv"), 11), StandaloneClusterIT.columns(killedEpochs, 11), output);
        assertEquals(StandaloneClusterIT.columns(reference.resolve("results.csv"), 10), StandaloneClusterIT.columns(killedResults, 10), output);
    }

    @Test
    void tooFewContainersForTheWorkersIsAClearErrorNotAHang() throws Exception {
        Path log = dir.resolve("too-few.log");
        Process p = submit(log, "train", "--config", "conf/mnist.conf", "--data-dir", data, "--out", hdfs.uri("/runs/too-few"),
                "workers=3", "epochs=1", "hidden=16", "collective-timeout=20");
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "no hang:\n" + Files.readString(log));
        String output = Files.readString(log);
        assertNotEquals(0, p.exitValue(), output);
        assertTrue(output.contains("error: workers = 3 needs 3 task slots at once") && output.contains("offers 2"), output);
        assertFalse(output.contains("epoch 1/1: step"), "refused before training:\n" + output);
    }
}
