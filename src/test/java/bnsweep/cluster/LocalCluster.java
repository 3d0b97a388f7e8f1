package bnsweep.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.util.AtomicFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Spark standalone cluster from the build's jars (no Spark distribution): a Master and
 * Workers as separate JVMs, each Worker optionally inside a network namespace (a second host).
 * Every process it starts, and every executor those Workers start, is stopped by {@link #close},
 * by PID; nothing else is touched.
 */
final class LocalCluster implements AutoCloseable {
    static final Path ROOT = Path.of("").toAbsolutePath();

    final Path dir;
    final Path sparkHome;
    final String host;
    final String url;
    private final int masterUi;
    private final Process master;
    private final List<Process> started = new ArrayList<>();
    private final List<Process> workers = new ArrayList<>();

    /** Starts a Master on {@code host}. */
    LocalCluster(Path dir, String host) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.host = host;
        this.sparkHome = sparkHomeFromBuildJars();
        int port = freePort();
        this.masterUi = freePort();
        this.url = "spark://" + host + ":" + port;
        this.master = start("master", List.of(), host, "org.apache.spark.deploy.master.Master",
                "--host", host, "--port", String.valueOf(port), "--webui-port", String.valueOf(masterUi));
    }

    /**
     * Starts a one-core Worker bound to {@code address}, run through {@code prefix} (e.g. ip netns exec NS), with the
     * Worker's {@code options} (e.g. --port) after the cluster's.
     */
    Process worker(String name, List<String> prefix, String address, String... options) throws IOException {
        Path work = Files.createDirectories(dir.resolve(name));
        List<String> args = new ArrayList<>(List.of(url, "--host", address, "--cores", "1", "--memory", "2g", "--webui-port",
                String.valueOf(freePort()), "--work-dir", work.toString()));
        args.addAll(Arrays.asList(options));
        Process w = start(name, prefix, address, "org.apache.spark.deploy.worker.Worker", args.toArray(String[]::new));
        workers.add(w);
        return w;
    }

    /** Executor JVMs the Workers have started (and are still running). */
    List<ProcessHandle> executors() {
        List<ProcessHandle> out = new ArrayList<>();
        for (Process w : workers) {
            w.descendants().filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend")).forEach(out::add);
        }
        return out;
    }

    /** Executors that ever ran under the Worker named {@code name} (each leaves a stderr in its work dir). */
    long executorsEverRunUnder(String name) throws IOException {
        try (var files = Files.walk(dir.resolve(name))) {
            return files.filter(p -> p.getFileName().toString().equals("stderr")).count();
        }
    }

    void awaitAliveWorkers(int n) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        int alive = -1;
        while (System.nanoTime() < deadline) {
            assertTrue(master.isAlive(), "master exited: " + Files.readString(dir.resolve("master.log")));
            try {
                String json = http.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + masterUi + "/json/")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                alive = AtomicFiles.JSON.readTree(json).path("aliveworkers").asInt();
                if (alive >= n) return;
            } catch (IOException notUpYet) {
                // the master's UI is still starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError(alive + " of " + n + " workers registered; logs in " + dir);
    }

    /** Runs submit/bnsweep with {@code args} and this cluster's master, output to {@code log}; SPARK_LOCAL_IP as given (null: unset). */
    Process submit(Path log, String localIp, String... args) throws IOException {
        return submit(log, List.of(), localIp, args);
    }

    /** As {@link #submit(Path, String, String...)}, the launcher run through {@code prefix} (e.g. ip netns exec NS). */
    Process submit(Path log, List<String> prefix, String localIp, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(ROOT.resolve("submit/bnsweep").toString());
        cmd.addAll(Arrays.asList(args));
        cmd.addAll(List.of("--master", url));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("SPARK_HOME");
        // the generic ND4J build, as in this JVM: results are compared digit by digit with runs in this JVM
        pb.environment().put("BNSWEEP_NATIVE_BUILD", "generic");
        if (localIp == null) pb.environment().remove("SPARK_LOCAL_IP");
        else pb.environment().put("SPARK_LOCAL_IP", localIp);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private Process start(String name, List<String> prefix, String localIp, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add("java");
        cmd.addAll(Arrays.asList(Files.readString(ROOT.resolve("target/classes/bnsweep-jvm-flags.txt")).trim().split("\\s+")));
        cmd.addAll(List.of("-Xmx512m", "-cp", sparkHome.resolve("jars") + "/*", mainClass));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.12");
        pb.environment().put("SPARK_LOCAL_IP", localIp);
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        started.add(p);
        return p;
    }

    @Override
    public void close() throws InterruptedException {
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

    /** $SPARK_HOME/jars holding links to the build's Spark and dependency jars. */
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
            if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) Files.createSymbolicLink(link, Path.of(jar));
        }
        return home;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
