package bnsweep.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * A real YARN in this JVM (Hadoop's MiniYARNCluster: a ResourceManager and NodeManagers that start
 * containers as processes), beside a MiniDFSCluster whose address it is given; the set-up of
 * Spark's own YarnClusterSuite. {@link #confDir} holds the core-site.xml and yarn-site.xml a client
 * needs (HADOOP_CONF_DIR). Container JVMs are children of this JVM, so {@link #containerJvms} only
 * ever finds processes this test started.
 */
final class MiniYarn implements AutoCloseable {
    final MiniYARNCluster cluster;
    final Path confDir;
    final Path workDir;
    private final int nodes;

    /**
     * @param nodes      NodeManagers
     * @param memoryMb   memory each NodeManager offers its containers
     * @param defaultFs  the HDFS URI (hdfs://localhost:PORT) for fs.defaultFS: where Spark stages the application
     */
    MiniYarn(Path dir, int nodes, int memoryMb, String defaultFs) throws Exception {
        Files.createDirectories(dir);
        YarnConfiguration conf = new YarnConfiguration();
        conf.set("fs.defaultFS", defaultFs);
        conf.set("yarn.resourcemanager.hostname", "localhost");
        // hadoop-client-minicluster has no capacity-scheduler.xml: one queue, as Spark's YarnClusterSuite sets it
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        conf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
        conf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
        conf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
        conf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
        conf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
        conf.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
        conf.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100.0");
        conf.setInt(YarnConfiguration.NM_PMEM_MB, memoryMb);
        conf.setInt(YarnConfiguration.YARN_MINICLUSTER_NM_PMEM_MB, memoryMb); // MiniYARNCluster's own key for it (default 4096)
        conf.setInt(YarnConfiguration.NM_VCORES, 4);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, memoryMb);
        conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
        conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        // the containers' java: Spark launches {{JAVA_HOME}}/bin/java
        conf.set(YarnConfiguration.NM_ADMIN_USER_ENV, "JAVA_HOME=" + System.getProperty("java.home"));
        conf.set("yarn.nodemanager.delete.debug-delay-sec", "600"); // keep container logs for the assertions
        this.workDir = dir;
        this.nodes = nodes;
        this.cluster = new MiniYARNCluster("bnsweep-yarn", nodes, 1, 1);
        cluster.init(conf);
        cluster.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        // MiniYARNCluster may return before the ResourceManager wrote its port into the configuration
        while (cluster.getConfig().get(YarnConfiguration.RM_ADDRESS).endsWith(":0")) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("the ResourceManager did not come up");
            Thread.sleep(100);
        }
        this.confDir = Files.createDirectories(dir.resolve("hadoop-conf"));
        Configuration core = new Configuration(false);
        core.set("fs.defaultFS", defaultFs);
        write(core, confDir.resolve("core-site.xml"));
        write(cluster.getConfig(), confDir.resolve("yarn-site.xml"));
    }

    private static void write(Configuration c, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            c.writeXml(out);
        }
    }

    /**
     * JVMs descending from this JVM (so: started by this test, in this cluster's containers or by a launcher it ran) whose
     * command line contains {@code text} (e.g. CoarseGrainedExecutorBackend); the java processes, not the shells that start them.
     */
    static List<ProcessHandle> containerJvms(String text) {
        List<ProcessHandle> out = new ArrayList<>();
        ProcessHandle.current().descendants().filter(p -> p.info().command().orElse("").endsWith("/java"))
                .filter(p -> p.info().commandLine().orElse("").contains(text)).forEach(out::add);
        return out;
    }

    /** Every container log file named {@code name} (stdout, stderr) of application {@code appId}, on every NodeManager. */
    List<Path> containerLogs(String appId, String name) throws IOException {
        List<Path> out = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            for (String dir : cluster.getNodeManager(n).getConfig().getTrimmedStrings(YarnConfiguration.NM_LOG_DIRS)) {
                Path app = Path.of(dir.replaceFirst("^file:", "")).resolve(appId);
                if (!Files.isDirectory(app)) continue;
                try (Stream<Path> files = Files.walk(app)) {
                    files.filter(p -> p.getFileName().toString().equals(name)).forEach(out::add);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        cluster.stop();
        for (ProcessHandle p : containerJvms("")) {
            if (p.info().commandLine().orElse("").contains("org.apache.spark.")) p.destroyForcibly();
        }
    }
}
