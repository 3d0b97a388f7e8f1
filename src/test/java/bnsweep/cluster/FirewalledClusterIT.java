package bnsweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.util.AtomicFiles;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver and each executor on a host of its own (network namespaces on one bridge), each behind a firewall that
 * drops every incoming connection but to the ports the run names: Spark's (driver, block managers, Worker) and the
 * collective's range. The driver listens on every interface ({@code spark.driver.bindAddress=0.0.0.0}, as in a
 * Kubernetes pod), so the collective's hub does too and advertises {@code spark.driver.host}. The ring's traffic
 * between the executors and the rendezvous with the driver must pass through the collective's ports.
 */
@Tag("cluster")
class FirewalledClusterIT {
    static final String DRIVER_PORT = "40001", DRIVER_BLOCKS = "40002", EXECUTOR_BLOCKS = "40003", WORKER_PORT = "40004";
    static final String COLLECTIVE = "40100:40109";

    @TempDir
    Path tmp;

    @Test
    void aRingRunsWhereOnlyTheConfiguredPortsAreOpen() throws Exception {
        NetBridge net;
        try {
            net = NetBridge.create(List.of("d", "a", "b"));
        } catch (IOException e) {
            Assumptions.abort("cannot create network namespaces here, so there are no other hosts: " + e.getMessage());
            return;
        }
        try (net; LocalCluster cluster = new LocalCluster(tmp.resolve("cluster"), net.address)) {
            NetBridge.Host driver = net.hosts.get(0), a = net.hosts.get(1), b = net.hosts.get(2);
            driver.firewall(List.of(DRIVER_PORT, DRIVER_BLOCKS, COLLECTIVE));
            for (NetBridge.Host worker : List.of(a, b)) {
                worker.firewall(List.of(WORKER_PORT, EXECUTOR_BLOCKS, COLLECTIVE));
                cluster.worker("worker-" + worker.name(), worker.exec(), worker.address(), "--port", WORKER_PORT);
            }
            cluster.awaitAliveWorkers(2);
            Path data = StandaloneClusterIT.prepare(tmp, 600);
            Path out = tmp.resolve("firewalled"), log = tmp.resolve("firewalled.log");
            String output = StandaloneClusterIT.finish(cluster.submit(log, driver.exec(), driver.address(), "train",
                    "--config", "conf/mnist.conf", "--data-dir", data.toString(), "--out", out.toString(),
                    "--conf", "spark.driver.bindAddress=0.0.0.0", "--conf", "spark.driver.host=" + driver.address(),
                    "--conf", "spark.driver.port=" + DRIVER_PORT, "--conf", "spark.driver.blockManager.port=" + DRIVER_BLOCKS,
                    "--conf", "spark.blockManager.port=" + EXECUTOR_BLOCKS, "collective=ring", "collective-ports="
                            + COLLECTIVE.replace(':', '-'), "hidden=16", "epochs=2", "workers=2", "batch-size=16",
                    "sync=gradients", "bn=sync"), log, 6);

            JsonNode manifest = AtomicFiles.JSON.readTree(out.resolve("manifest.json").toFile());
            assertEquals("complete", manifest.path("status").asText(), output);
            for (NetBridge.Host h : List.of(driver, a, b)) {
                assertTrue(h.accepted(COLLECTIVE) > 0, "connections to the collective's ports on " + h.name() + ":\n" + output);
            }
            assertTrue(cluster.executorsEverRunUnder("worker-" + a.name()) >= 1 && cluster.executorsEverRunUnder("worker-" + b.name()) >= 1,
                    "both firewalled hosts ran an executor");
        }
    }
}
