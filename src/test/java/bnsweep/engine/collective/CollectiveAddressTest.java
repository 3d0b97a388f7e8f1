package bnsweep.engine.collective;

import static bnsweep.engine.collective.CollectiveTest.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.config.CollectiveAlgorithm;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Where the collective listens: a wildcard bind address with a real advertised one, and a configured port range.
 */
class CollectiveAddressTest {
    @Test
    void theCollectiveListensOnAWildcardAddressAndAdvertisesARealOne() throws Exception {
        bnsweep.config.CollectiveSettings ring = new bnsweep.config.CollectiveSettings(CollectiveAlgorithm.RING, 20_000,
                bnsweep.config.PortRange.ANY, "0.0.0.0", "");
        try (CollectiveHub hub = new CollectiveHub(CONF, "0.0.0.0", "127.0.0.1", ring)) {
            Ticket t = hub.open(3);
            List<float[]> sums = asWorkers(t, false, c -> {
                float[] x = {c.rank() + 1f, 1};
                c.allReduceSum(x);
                return x;
            });
            for (float[] s : sums) assertArrayEquals(new float[] {6f, 3f}, s);
        }
        assertThrows(IllegalArgumentException.class, () -> new CollectiveHub(CONF, "0.0.0.0", "0.0.0.0", ring));
    }

    /** With a port range, the hub and the executors' servers listen inside it (what a firewall lets through). */
    @Test
    void theCollectiveListensInItsPortRange() throws Exception {
        int base = 20_000 + new Random().nextInt(20_000);
        bnsweep.config.PortRange range = new bnsweep.config.PortRange(base, base + 20);
        bnsweep.config.CollectiveSettings ring = new bnsweep.config.CollectiveSettings(CollectiveAlgorithm.RING, 20_000, range, "", "");
        try (CollectiveHub hub = new CollectiveHub(CONF, "127.0.0.1", "127.0.0.1", ring)) {
            assertTrue(hub.port() >= base && hub.port() <= base + 20, "hub on " + hub.port());
            Ticket t = hub.open(2);
            asWorkers(t, false, c -> {
                c.allReduceSum(new float[10]);
                return null;
            });
            int server = PeerServer.on(CONF, "127.0.0.1", range, 60_000).port();
            assertTrue(server >= base && server <= base + 20 && server != hub.port(), "executor's server on " + server);
        }
    }
}
