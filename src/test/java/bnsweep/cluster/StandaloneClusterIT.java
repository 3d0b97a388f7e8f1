package bnsweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.data.DatasetKind;
import bnsweep.data.DatasetPreparer;
import bnsweep.testutil.DatasetFiles;
import bnsweep.testutil.SparkTestSupport;
import bnsweep.util.AtomicFiles;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster from the build's jars: a Master and two Workers (one core each)
 * on 127.0.0.1, the smoke sweep submitted through submit/bnsweep in client mode, its outputs
 * checked. Every process started here (and the executors the Workers start) is stopped afterwards.
 */
@Tag("cluster")
class StandaloneClusterIT {
    static final Path ROOT = Path.of("").toAbsolutePath();

    @TempDir
    Path tmp;

    final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : started) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        for (Process p : started) assertTrue(!p.isAlive(), "process " + p.pid() + " still running");
    }

    @Test
    void smokeSweepOnAStandaloneCluster() throws Exception {
        Path sparkHome = sparkHomeFromBuildJars();
        int masterPort = freePort(), masterUi = freePort();
        Process master = start("master", sparkHome, "org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(masterUi));
        String url = "spark://127.0.0.1:" + masterPort;
        for (int w = 1; w <= 2; w++) {
            Path work = Files.createDirectories(tmp.resolve("worker" + w));
            start("worker" + w, sparkHome, "org.apache.spark.deploy.worker.Worker", url, "--host", "127.0.0.1",
                    "--cores", "1", "--memory", "2g", "--webui-port", String.valueOf(freePort()), "--work-dir", work.toString());
        }
        awaitAliveWorkers(masterUi, 2, master);

        DatasetFiles files = new DatasetFiles();
        Path src = files.mnist(tmp.resolve("src"), 600, 200, 28, 28);
        Path data = tmp.resolve("data");
        new DatasetPreparer(DatasetKind.MNIST, data, 100, 42, false, new PrintStream(OutputStream.nullOutputStream()), files.published())
                .prepare(src, SparkTestSupport.spark());

        Path out = tmp.resolve("sweep");
        Path log = tmp.resolve("submit.log");
        ProcessBuilder submit = new ProcessBuilder(ROOT.resolve("submit/bnsweep").toString(), "sweep",
                "--config", "conf/smoke-sweep.conf", "--data-dir", data.toString(), "--out", out.toString(), "--master", url,
                "sweep.batch-sizes=32", "sweep.seeds=1", "hidden=16")
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        submit.environment().remove("SPARK_HOME");
        Process driver = submit.start();
        started.add(driver);
        boolean finished = driver.waitFor(8, TimeUnit.MINUTES);
        String output = Files.readString(log);
        assertTrue(finished, "the sweep did not finish in 8 minutes:\n" + output);
        assertEquals(0, driver.exitValue(), output);

        JsonNode manifest = AtomicFiles.JSON.readTree(out.resolve("manifest.json").toFile());
        assertEquals("complete", manifest.path("status").asText(), output);
        assertEquals(url, manifest.path("spark_master").asText());
        List<String> results = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(3, results.size(), String.join("\n", results));
        for (String row : results.subList(1, 3)) assertTrue(Double.parseDouble(row.split(",")[8]) > 0.5, row);
        assertEquals(3, Files.readAllLines(out.resolve("summary.csv")).size());
        JsonNode config = AtomicFiles.JSON.readTree(out.resolve("configs/mnist-exact-b32-w2-s1/manifest.json").toFile());
        assertEquals(url, config.path("spark_master").asText());
        // the work ran in executors that the Workers launched
        try (var apps = Files.walk(tmp.resolve("worker1"))) {
            long executors = apps.filter(p -> p.getFileName().toString().equals("stderr")).count();
            try (var apps2 = Files.walk(tmp.resolve("worker2"))) {
                executors += apps2.filter(p -> p.getFileName().toString().equals("stderr")).count();
            }
            assertTrue(executors >= 2, "executors started by the workers: " + executors);
        }
    }

    /** $SPARK_HOME/jars holding links to the build's Spark and dependency jars (no Spark distribution). */
    static Path sparkHomeFromBuildJars() throws IOException {
        Path home = ROOT.resolve("target/spark-home");
        Path jars = Files.createDirectories(home.resolve("jars"));
        List<String> cp = new ArrayList<>();
        for (String f : List.of("target/provided-classpath.txt", "target/runtime-classpath.txt")) {
            Path list = ROOT.resolve(f);
            assertTrue(Files.isRegularFile(list), list + " missing: run through `mvn verify` (the package phase writes it)");
            cp.addAll(Arrays.asList(Files.readString(list).trim().split(":")));
        }
        for (String jar : cp) {
            Path link = jars.resolve(Path.of(jar).getFileName());
            if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) Files.createSymbolicLink(link, Path.of(jar));
        }
        return home;
    }

    Process start(String name, Path sparkHome, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("java"));
        cmd.addAll(Arrays.asList(Files.readString(ROOT.resolve("target/classes/bnsweep-jvm-flags.txt")).trim().split("\\s+")));
        cmd.addAll(List.of("-Xmx512m", "-cp", sparkHome.resolve("jars") + "/*", mainClass));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.12");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        started.add(p);
        return p;
    }

    void awaitAliveWorkers(int masterUi, int n, Process master) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        int alive = -1;
        while (System.nanoTime() < deadline) {
            assertTrue(master.isAlive(), "master exited: " + Files.readString(tmp.resolve("master.log")));
            try {
                String json = http.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUi + "/json/")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                alive = AtomicFiles.JSON.readTree(json).path("aliveworkers").asInt();
                if (alive >= n) return;
            } catch (IOException notUpYet) {
                // the master's UI is still starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError(alive + " of " + n + " workers registered; logs in " + tmp);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
